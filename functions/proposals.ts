import { app } from "@azure/functions";
import { z } from "zod";
import { schedulingPortsFromSettings } from "../shared/composition/schedulingPortsFromSettings.js";
import { proposalStateSchema } from "../shared/domain/seriesProposal.js";
import { listProposals } from "../shared/usecases/listProposals.js";
import { limitRequestBody } from "./limitRequestBody.js";
import { proposalEndpoint } from "./proposalEndpoint.js";

export const proposalsQuerySchema = z.object({
  manager: z.string().min(1).optional(),
  state: proposalStateSchema.optional(),
});

/** GET /api/proposals?manager=&state= : an admin sees every proposal, a manager their own. */
export const proposalsHttp = proposalEndpoint(async (request, _context, actor) => {
  const query = proposalsQuerySchema.safeParse(Object.fromEntries(request.query));
  if (!query.success) {
    return {
      status: 400,
      jsonBody: {
        code: "PROPOSAL.BAD_QUERY",
        message: query.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
      },
    };
  }
  const proposals = await listProposals(await schedulingPortsFromSettings(), query.data, actor);
  return { status: 200, headers: { "cache-control": "no-store, private" }, jsonBody: { proposals } };
});

app.http("proposals", {
  methods: ["GET"],
  authLevel: "function",
  route: "proposals",
  handler: limitRequestBody(0, proposalsHttp),
});
