// Graph change-notification subscriptions: create, renew and delete many at once, 20 per `$batch`.
import { z } from "zod";
import type { KeyedResult } from "../usecases/ports/keyedResult.js";
import type { SubscriptionChange, SubscriptionState } from "../usecases/ports/scanPorts.js";
import { GraphRequestError } from "./GraphRequestError.js";
import { runBatched } from "./runBatched.js";
import type { BatchRequest, BatchResult, GraphGateway } from "./types.js";

const subscriptionSchema = z.looseObject({ id: z.string().min(1), expirationDateTime: z.string().min(1) });

/**
 * Sends the changes in `$batch`es of 20 and answers per key. A delete of a subscription Graph no longer knows
 * (404) counts as done. Failures are per key, so one mailbox outside the app's reach does not stop the others.
 */
export async function manageSubscriptions(
  gateway: GraphGateway,
  changes: readonly SubscriptionChange[],
  options: { concurrency?: number } = {},
): Promise<Map<string, KeyedResult<SubscriptionState | null>>> {
  // Each create waits for Graph's handshake with our endpoint; a few batches in flight keep a first scan of
  // thousands of managers short. Every change names a different mailbox, so Outlook's per-mailbox limit holds.
  const answers = await runBatched(
    gateway,
    changes.map((change) => ({ key: change.key, request: toRequest(change) })),
    { concurrency: options.concurrency ?? 4 },
  );
  const out = new Map<string, KeyedResult<SubscriptionState | null>>();
  for (const change of changes) out.set(change.key, toState(change, answers.get(change.key)!));
  return out;
}

function toState(change: SubscriptionChange, answer: BatchResult): KeyedResult<SubscriptionState | null> {
  if (change.kind === "delete") {
    return answer.ok || answer.status === 404
      ? { ok: true, value: null }
      : { ok: false, error: answer.error };
  }
  if (!answer.ok) return { ok: false, error: answer.error };
  const body = subscriptionSchema.safeParse(answer.body);
  return body.success
    ? { ok: true, value: { id: body.data.id, expirationDateTime: body.data.expirationDateTime } }
    : {
        ok: false,
        error: new GraphRequestError("GRAPH.UNEXPECTED", `Not a subscription in answer to ${change.kind}`, {
          status: answer.status,
        }),
      };
}

function toRequest(change: SubscriptionChange): BatchRequest {
  const json = { "Content-Type": "application/json" };
  switch (change.kind) {
    case "create":
      return {
        method: "POST",
        url: "/subscriptions",
        headers: json,
        body: {
          changeType: change.changeType,
          notificationUrl: change.notificationUrl,
          resource: change.resource,
          expirationDateTime: change.expirationDateTime.toISOString(),
          clientState: change.clientState,
          ...(change.lifecycleNotificationUrl
            ? { lifecycleNotificationUrl: change.lifecycleNotificationUrl }
            : {}),
        },
      };
    case "renew":
      return {
        method: "PATCH",
        url: `/subscriptions/${encodeURIComponent(change.subscriptionId)}`,
        headers: json,
        body: { expirationDateTime: change.expirationDateTime.toISOString() },
        // Sets an absolute expiry: applying it twice is applying it once.
        retrySafe: true,
      };
    case "delete":
      return { method: "DELETE", url: `/subscriptions/${encodeURIComponent(change.subscriptionId)}` };
  }
}
