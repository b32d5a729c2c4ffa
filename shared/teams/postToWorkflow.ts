// Delivers a card to a Teams channel through a Workflows webhook URL (no bot, no Graph permission needed).
import { AppError } from "../errors.js";
import type { FetchFunction } from "../graph/createHttpsFetch.js";
import { WORKFLOW_MAX_BYTES, type WorkflowMessage, workflowMessageBytes } from "./workflowMessage.js";

export interface PostToWorkflowResult {
  status: number;
  bytes: number;
}

/**
 * POSTs the message; refuses before sending when it exceeds 28 KB. Failures are AppErrors with a code:
 * TEAMS.CARD_TOO_LARGE, TEAMS.WEBHOOK_REJECTED (4xx), TEAMS.WEBHOOK_UNAVAILABLE (5xx, 429, network).
 */
export async function postToWorkflow(
  url: string,
  message: WorkflowMessage,
  deps: { fetch: FetchFunction },
): Promise<PostToWorkflowResult> {
  const bytes = workflowMessageBytes(message);
  if (bytes > WORKFLOW_MAX_BYTES) {
    throw new AppError("TEAMS.CARD_TOO_LARGE", `The card message is ${bytes} bytes; Workflows accept 28 KB`, {
      details: { bytes, limit: WORKFLOW_MAX_BYTES },
    });
  }
  let response: Response;
  try {
    response = await deps.fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(message),
    });
  } catch (err) {
    throw new AppError("TEAMS.WEBHOOK_UNAVAILABLE", `The Workflows webhook did not answer: ${String(err)}`, {
      cause: err,
    });
  }
  if (!response.ok) {
    const text = (await response.text()).slice(0, 500);
    const transient = response.status === 429 || response.status >= 500;
    throw new AppError(
      transient ? "TEAMS.WEBHOOK_UNAVAILABLE" : "TEAMS.WEBHOOK_REJECTED",
      `The Workflows webhook answered ${response.status}: ${text}`,
      { status: response.status, details: { bytes } },
    );
  }
  await response.arrayBuffer();
  return { status: response.status, bytes };
}
