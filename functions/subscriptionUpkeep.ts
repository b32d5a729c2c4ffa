import { app, type InvocationContext } from "@azure/functions";
import { subscriptionPortsFromSettings } from "../shared/composition/subscriptionPortsFromSettings.js";
import { ensureSubscriptions } from "../shared/usecases/ensureSubscriptions.js";
import { parseQueueMessage } from "./parseQueueMessage.js";
import {
  SUBSCRIPTION_UPKEEP_QUEUE,
  subscriptionUpkeepMessageSchema,
  subscriptionUpkeepPoisonOutput,
} from "./subscriptionUpkeepQueue.js";

/**
 * Answers Graph's lifecycle notifications off the notification endpoint: a removed subscription's record is already
 * gone, so ensuring the subscriptions creates it anew; a challenged one is renewed now (which reauthorizes it).
 * A failure throws, so the queue retries the message (then moves it to the poison queue); a malformed message
 * goes there at once. Nothing waits on a poisoned one: the timer's renewal (renewSubscriptions) and the next scan
 * ensure every subscription anyway.
 */
export async function subscriptionUpkeep(message: unknown, context: InvocationContext): Promise<void> {
  const request = parseQueueMessage(subscriptionUpkeepMessageSchema, message, context, {
    name: SUBSCRIPTION_UPKEEP_QUEUE,
    poison: subscriptionUpkeepPoisonOutput,
  });
  if (!request) return;
  const ports = await subscriptionPortsFromSettings();
  if (!ports) return;
  const done = await ensureSubscriptions(ports, { reauthorize: request.reauthorize });
  context.log(
    `subscription upkeep: ${done.created} created, ${done.renewed} renewed, ${done.failed.length} failed`,
  );
  const asked = new Set([...request.recreate, ...request.reauthorize].map((m) => m.toLowerCase()));
  const failed = done.failed.filter((f) => asked.has(f.split(":")[0]!.toLowerCase()));
  if (failed.length > 0) throw new Error(`subscription upkeep failed: ${failed.join("; ")}`);
}

app.storageQueue("subscriptionUpkeep", {
  queueName: SUBSCRIPTION_UPKEEP_QUEUE,
  connection: "AzureWebJobsStorage",
  extraOutputs: [subscriptionUpkeepPoisonOutput],
  handler: subscriptionUpkeep,
});
