import { app } from "@azure/functions";
import { z } from "zod";
import { schedulingPortsFromSettings } from "../shared/composition/schedulingPortsFromSettings.js";
import { answerProposal, type ProposalAnswer } from "../shared/usecases/answerProposal.js";
import { limitRequestBody } from "./limitRequestBody.js";
import { proposalEndpoint } from "./proposalEndpoint.js";

/** The answer, from the route's action and the JSON body (an empty body is `{}`). */
export const proposalAnswerSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("accept"), slot: z.number().int().min(0).max(2).optional() }).strict(),
  z.object({ action: z.literal("snooze"), days: z.number().int().min(1).max(365).default(14) }).strict(),
  z.object({ action: z.literal("decline") }).strict(),
]);

/** POST /api/proposals/{id}/accept|snooze|decline — the pair's manager or an admin. */
export const answerProposalHttp = proposalEndpoint(async (request, context, actor) => {
  const text = await request.text();
  let body: unknown;
  try {
    body = text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    return { status: 400, jsonBody: { code: "PROPOSAL.BAD_BODY", message: "the body is not JSON" } };
  }
  const action = request.params.action;
  if (!["accept", "snooze", "decline"].includes(action ?? "")) {
    return { status: 404, jsonBody: { code: "PROPOSAL.UNKNOWN_ACTION", message: `no action "${action}"` } };
  }
  const answer = proposalAnswerSchema.safeParse({ ...(body as object), action });
  if (!answer.success || typeof body !== "object" || body === null || Array.isArray(body)) {
    return {
      status: 400,
      jsonBody: {
        code: "PROPOSAL.BAD_BODY",
        message: answer.success
          ? "the body must be a JSON object"
          : answer.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "),
      },
    };
  }
  const result = await answerProposal(
    await schedulingPortsFromSettings(),
    request.params.id ?? "",
    answer.data as ProposalAnswer,
    actor,
  );
  if (result.outcome === "failed") context.warn(`proposal ${result.proposal.proposalId}: ${result.reason}`);
  return {
    status: result.outcome === "failed" ? 502 : 200,
    jsonBody: { outcome: result.outcome, reason: result.reason, proposal: result.proposal },
  };
});

// The answers are a few bytes of JSON ({"slot":1}, {"days":14}); 1 KiB leaves room and no more.
app.http("answerProposal", {
  methods: ["POST"],
  authLevel: "function",
  route: "proposals/{id}/{action}",
  handler: limitRequestBody(1024, answerProposalHttp),
});
