import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import { settings } from "../shared/config.js";
import { AppError } from "../shared/errors.js";
import { authorizeProposalRequest } from "../shared/proposals/authorizeProposalRequest.js";
import type { Answerer } from "../shared/usecases/answerProposal.js";
import { errorResponse } from "./errorResponse.js";

type ProposalHandler = (
  request: HttpRequest,
  context: InvocationContext,
  actor: Answerer,
) => Promise<HttpResponseInit>;

/** A proposal endpoint: the caller is authorized first, and failures go through the one error mapping. */
export function proposalEndpoint(
  handler: ProposalHandler,
): (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit> {
  return async (request, context) => {
    const access = authorizeProposalRequest(request.headers, settings().CADENCE_REPORT_ADMIN_ROLE);
    if (!access.ok)
      return { status: access.status, jsonBody: { code: access.code, message: access.message } };
    try {
      return await handler(request, context, access.actor);
    } catch (err) {
      if (!(err instanceof AppError)) context.error(`proposal request failed: ${String(err)}`);
      return errorResponse(err);
    }
  };
}
