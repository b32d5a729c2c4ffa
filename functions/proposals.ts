import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from "@azure/functions";
import { z } from "zod";
import { schedulingPortsFromSettings } from "../shared/composition/schedulingPortsFromSettings.js";
import { settings } from "../shared/config.js";
import { proposalStateSchema } from "../shared/domain/seriesProposal.js";
import { authorizeProposalRequest } from "../shared/proposals/authorizeProposalRequest.js";
import { proposalErrorResponse } from "../shared/proposals/proposalErrorResponse.js";
import { listProposals } from "../shared/usecases/listProposals.js";

export const proposalsQuerySchema = z.object({
  manager: z.string().min(1).optional(),
  state: proposalStateSchema.optional(),
});

/** GET /api/proposals?manager=&state= : an admin sees every proposal, a manager their own. */
export async function proposalsHttp(
  request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  const access = authorizeProposalRequest(request.headers, settings().CADENCE_REPORT_ADMIN_ROLE);
  if (!access.ok) return { status: access.status, jsonBody: { code: access.code, message: access.message } };
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
  try {
    const proposals = await listProposals(await schedulingPortsFromSettings(), query.data, access.actor);
    return { status: 200, headers: { "cache-control": "no-store, private" }, jsonBody: { proposals } };
  } catch (err) {
    return proposalErrorResponse(err, context);
  }
}

app.http("proposals", {
  methods: ["GET"],
  authLevel: "function",
  route: "proposals",
  handler: proposalsHttp,
});
