import { output } from "@azure/functions";
import { z } from "zod";

/** The queue graphNotifications hands lifecycle work to (it must answer Graph within 3 s), subscriptionUpkeep drains. */
export const SUBSCRIPTION_UPKEEP_QUEUE = "subscription-upkeep";

export const subscriptionUpkeepOutput = output.storageQueue({
  queueName: SUBSCRIPTION_UPKEEP_QUEUE,
  connection: "AzureWebJobsStorage",
});

/** Where subscriptionUpkeep puts a malformed message; the host moves there one that failed every delivery. */
export const subscriptionUpkeepPoisonOutput = output.storageQueue({
  queueName: `${SUBSCRIPTION_UPKEEP_QUEUE}-poison`,
  connection: "AzureWebJobsStorage",
});

/** Mailboxes whose subscription Graph removed (create again) or challenged (reauthorize). */
export const subscriptionUpkeepMessageSchema = z.object({
  recreate: z.array(z.string().min(1)).max(10_000),
  reauthorize: z.array(z.string().min(1)).max(10_000),
});
export type SubscriptionUpkeepMessage = z.infer<typeof subscriptionUpkeepMessageSchema>;
