// A Teams Workflows ("Post to a channel when a webhook request is received") endpoint: records the card message.
import type { SimClock } from "../types.js";
import type { Recorder } from "./recorder.js";

/** Workflows webhooks reject messages above 28 KB. */
export const WEBHOOK_MAX_BYTES = 28 * 1024;

export interface PlainResponse {
  status: number;
  body?: unknown;
}

export function receiveWebhook(
  webhookId: string,
  raw: Buffer,
  deps: { recorder: Recorder; clock: SimClock },
): PlainResponse {
  if (raw.length > WEBHOOK_MAX_BYTES) {
    return {
      status: 413,
      body: {
        error: {
          code: "RequestEntityTooLarge",
          message: `The message is ${raw.length} bytes; a Teams webhook accepts at most ${WEBHOOK_MAX_BYTES} bytes (28 KB).`,
        },
      },
    };
  }
  let body: unknown;
  try {
    body = JSON.parse(raw.toString("utf8"));
  } catch {
    return {
      status: 400,
      body: { error: { code: "InvalidRequestContent", message: "The body is not valid JSON." } },
    };
  }
  deps.recorder.addPost({ webhookId, tenantTime: deps.clock.now().toISOString(), body });
  return { status: 202 };
}
