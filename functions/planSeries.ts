import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from "@azure/functions";
import { z } from "zod";
import { schedulingPortsFromSettings } from "../shared/composition/schedulingPortsFromSettings.js";
import { settings } from "../shared/config.js";
import { authorizeProposalRequest } from "../shared/proposals/authorizeProposalRequest.js";
import { proposalErrorResponse } from "../shared/proposals/proposalErrorResponse.js";
import { planLatestScan } from "../shared/usecases/planLatestScan.js";

export const planQuerySchema = z.object({ runId: z.string().min(1).optional() });

/** POST /api/plans?runId= (admins): proposes (or, in auto mode, creates) series from the latest complete scan. */
export async function planSeriesHttp(
  request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  const access = authorizeProposalRequest(request.headers, settings().CADENCE_REPORT_ADMIN_ROLE);
  if (!access.ok) return { status: access.status, jsonBody: { code: access.code, message: access.message } };
  if (access.actor.kind !== "admin") {
    return { status: 403, jsonBody: { code: "PROPOSAL.FORBIDDEN", message: "planning is for admins" } };
  }
  const query = planQuerySchema.safeParse(Object.fromEntries(request.query));
  if (!query.success) {
    return {
      status: 400,
      jsonBody: { code: "PLAN.BAD_QUERY", message: query.error.issues.map((i) => i.message).join("; ") },
    };
  }
  try {
    const plan = await planLatestScan(await schedulingPortsFromSettings(), query.data);
    const counts: Record<string, number> = {};
    for (const e of plan.entries) counts[e.outcome] = (counts[e.outcome] ?? 0) + 1;
    context.log(`planned series for scan ${plan.runId}: ${JSON.stringify(counts)}`);
    return { status: 200, jsonBody: { ...plan, counts } };
  } catch (err) {
    return proposalErrorResponse(err, context);
  }
}

app.http("planSeries", {
  methods: ["POST"],
  authLevel: "function",
  route: "plans",
  handler: planSeriesHttp,
});
