import { app } from "@azure/functions";
import { z } from "zod";
import { schedulingPortsFromSettings } from "../shared/composition/schedulingPortsFromSettings.js";
import { runIdSchema } from "../shared/domain/runIdSchema.js";
import { planLatestScan } from "../shared/usecases/planLatestScan.js";
import { limitRequestBody } from "./limitRequestBody.js";
import { proposalEndpoint } from "./proposalEndpoint.js";

export const planQuerySchema = z.object({ runId: runIdSchema.optional() });

/** POST /api/plans?runId= (admins): proposes (or, in auto mode, creates) series from the latest complete scan. */
export const planSeriesHttp = proposalEndpoint(async (request, context, actor) => {
  if (actor.kind !== "admin") {
    return { status: 403, jsonBody: { code: "PROPOSAL.FORBIDDEN", message: "planning is for admins" } };
  }
  const query = planQuerySchema.safeParse(Object.fromEntries(request.query));
  if (!query.success) {
    return {
      status: 400,
      jsonBody: { code: "PLAN.BAD_QUERY", message: query.error.issues.map((i) => i.message).join("; ") },
    };
  }
  const plan = await planLatestScan(await schedulingPortsFromSettings(), query.data);
  const counts: Record<string, number> = {};
  for (const e of plan.entries) counts[e.outcome] = (counts[e.outcome] ?? 0) + 1;
  context.log(`planned series for scan ${plan.runId}: ${JSON.stringify(counts)}`);
  return { status: 200, jsonBody: { ...plan, counts } };
});

app.http("planSeries", {
  methods: ["POST"],
  authLevel: "function",
  route: "plans",
  handler: limitRequestBody(0, planSeriesHttp),
});
