import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from "@azure/functions";
import { z } from "zod";
import { notificationPortsFromSettings } from "../shared/composition/notificationPortsFromSettings.js";
import { AppError } from "../shared/errors.js";
import { changeNotificationCollectionSchema } from "../shared/usecases/ports/changeNotificationCollectionSchema.js";
import { recordChangeNotifications } from "../shared/usecases/recordChangeNotifications.js";
import { errorResponse } from "./errorResponse.js";
import { type SubscriptionUpkeepMessage, subscriptionUpkeepOutput } from "./subscriptionUpkeepQueue.js";

/** Graph's validation token arrives URL-encoded in the query; the answer must be that text exactly. */
export const validationQuerySchema = z.object({ validationToken: z.string().min(1).max(4096) });

/**
 * POST /api/graph/notifications (anonymous: Graph sends no key). Answers Graph's validation handshake, marks the
 * mailboxes of notifications carrying our client state dirty for the next incremental scan, and takes Graph's
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
      headers: { "content-type": "text/plain; charset=utf-8" },
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
    context.warn("change notification received, but CADENCE_NOTIFICATION_URL is not set: ignored");
    return { status: 202 };
  }
  const recorded = await recordChangeNotifications(ports, body.data);
  for (const i of recorded.ignored)
    context.warn(`notification of subscription ${i.subscriptionId} ignored: ${i.why}`);
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

app.http("graphNotifications", {
  methods: ["POST"],
  authLevel: "anonymous",
  route: "graph/notifications",
  extraOutputs: [subscriptionUpkeepOutput],
  handler: graphNotifications,
});
