import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from "@azure/functions";
import { z } from "zod";
import { notificationPortsFromSettings } from "../shared/composition/notificationPortsFromSettings.js";
import { AppError } from "../shared/errors.js";
import { changeNotificationCollectionSchema } from "../shared/usecases/ports/changeNotificationCollectionSchema.js";
import { recordChangeNotifications } from "../shared/usecases/recordChangeNotifications.js";
import { errorResponse } from "./errorResponse.js";
import { limitRequestBody } from "./limitRequestBody.js";
import { type SubscriptionUpkeepMessage, subscriptionUpkeepOutput } from "./subscriptionUpkeepQueue.js";

const NOT_OURS = new AppError("NOTIFICATION.FORBIDDEN", "No notification carries this app's client state", {
  status: 403,
});

/** Graph's validation token arrives URL-encoded in the query; the answer must be that text exactly. */
export const validationQuerySchema = z.object({ validationToken: z.string().min(1).max(4096) });

/**
 * POST /api/graph/notifications (anonymous: Graph sends no key; the client state is the authentication). Answers
 * Graph's validation handshake, refuses (403) a batch in which no notification carries our client state, marks the
 * mailboxes of notifications carrying it dirty for the next incremental scan, and takes Graph's
 * lifecycle notifications too (the subscriptions' lifecycleNotificationUrl is this endpoint).
 * Graph expects an answer within 3 seconds, so nothing here reads Graph.
 */
export async function graphNotifications(
  request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  const validation = validationQuerySchema.safeParse({
    validationToken: request.query.get("validationToken") ?? undefined,
  });
  if (validation.success) {
    return {
      status: 200,
      // Only the caller's own token goes back, and never as anything a browser would render.
      headers: { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff" },
      body: validation.data.validationToken,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(await request.text());
  } catch {
    return errorResponse(new AppError("NOTIFICATION.BAD_BODY", "The body is not JSON", { status: 400 }));
  }
  const body = changeNotificationCollectionSchema.safeParse(json);
  if (!body.success) {
    return errorResponse(new AppError("NOTIFICATION.BAD_BODY", z.prettifyError(body.error), { status: 400 }));
  }
  const ports = await notificationPortsFromSettings();
  if (!ports) {
    // No subscriptions and no client state to check: whoever posts is not Graph on Cadence's behalf.
    context.warn("change notification received, but CADENCE_NOTIFICATION_URL is not set: refused");
    return errorResponse(NOT_OURS);
  }
  const recorded = await recordChangeNotifications(ports, body.data);
  for (const i of recorded.ignored)
    context.warn(`notification of subscription ${i.subscriptionId} ignored: ${i.why}`);
  // Graph always sends the client state its subscription was made with: a batch with none of ours is forged
  // (anyone can POST here). One with some of ours is Graph's, the rest stale, so it is taken (202).
  const forged = recorded.ignored.filter((i) => i.why === "clientStateMismatch").length;
  if (forged === body.data.value.length) return errorResponse(NOT_OURS);
  if (recorded.marked.length > 0) context.log(`changes notified: ${recorded.marked.length} mailboxes marked`);
  const { recreate, reauthorize } = recorded.resubscribe;
  if (recreate.length + reauthorize.length > 0) {
    // Lifecycle work needs Graph, which this endpoint must not wait for: the upkeep queue does it.
    const upkeep: SubscriptionUpkeepMessage = { recreate, reauthorize };
    context.extraOutputs.set(subscriptionUpkeepOutput, upkeep);
    context.log(
      `lifecycle: ${recreate.length} subscriptions to recreate, ${reauthorize.length} to reauthorize`,
    );
  }
  return { status: 202 };
}

// Graph documents no batch size; a basic notification is under 1 KB, so 1 MiB holds a thousand of them.
app.http("graphNotifications", {
  methods: ["POST"],
  authLevel: "anonymous",
  route: "graph/notifications",
  extraOutputs: [subscriptionUpkeepOutput],
  handler: limitRequestBody(1_048_576, graphNotifications),
});
