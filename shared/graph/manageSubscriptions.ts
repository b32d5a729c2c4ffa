// Graph change-notification subscriptions: create, renew and delete many at once, 20 per `$batch`.
import { z } from "zod";
import type { KeyedResult } from "../usecases/ports/keyedResult.js";
import type { SubscriptionChange, SubscriptionState } from "../usecases/ports/scanPorts.js";
import { GraphRequestError } from "./GraphRequestError.js";
import { toAppError } from "./toAppError.js";
import type { BatchRequest, GraphGateway } from "./types.js";

const BATCH_SIZE = 20;
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
  const out = new Map<string, KeyedResult<SubscriptionState | null>>();
  const chunks: SubscriptionChange[][] = [];
  for (let i = 0; i < changes.length; i += BATCH_SIZE) chunks.push(changes.slice(i, i + BATCH_SIZE));
  let next = 0;
  // Each create waits for Graph's handshake with our endpoint; a few batches in flight keep a first scan of
  // thousands of managers short. Every change names a different mailbox, so Outlook's per-mailbox limit holds.
  const worker = async () => {
    while (next < chunks.length) await send(gateway, chunks[next++]!, out);
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, chunks.length) }, worker));
  return out;
}

async function send(
  gateway: GraphGateway,
  chunk: readonly SubscriptionChange[],
  out: Map<string, KeyedResult<SubscriptionState | null>>,
): Promise<void> {
  let answers: Awaited<ReturnType<GraphGateway["batch"]>>;
  try {
    answers = await gateway.batch(chunk.map(toRequest));
  } catch (err) {
    const error = toAppError(err);
    for (const change of chunk) out.set(change.key, { ok: false, error });
    return;
  }
  chunk.forEach((change, j) => {
    const answer = answers[j]!;
    if (change.kind === "delete") {
      out.set(
        change.key,
        answer.ok || answer.status === 404 ? { ok: true, value: null } : { ok: false, error: answer.error },
      );
      return;
    }
    if (!answer.ok) {
      out.set(change.key, { ok: false, error: answer.error });
      return;
    }
    const body = subscriptionSchema.safeParse(answer.body);
    out.set(
      change.key,
      body.success
        ? { ok: true, value: { id: body.data.id, expirationDateTime: body.data.expirationDateTime } }
        : {
            ok: false,
            error: new GraphRequestError(
              "GRAPH.UNEXPECTED",
              `Not a subscription in answer to ${change.kind}`,
              {
                status: answer.status,
              },
            ),
          },
    );
  });
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
        },
      };
    case "renew":
      return {
        method: "PATCH",
        url: `/subscriptions/${encodeURIComponent(change.subscriptionId)}`,
        headers: json,
        body: { expirationDateTime: change.expirationDateTime.toISOString() },
      };
    case "delete":
      return { method: "DELETE", url: `/subscriptions/${encodeURIComponent(change.subscriptionId)}` };
  }
}
