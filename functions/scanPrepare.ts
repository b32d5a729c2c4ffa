import { app, type InvocationContext } from "@azure/functions";
import { scanPortsFromSettings } from "../shared/composition/scanPortsFromSettings.js";
import { toShardWire } from "../shared/store/shardQueueMessage.js";
import { prepareScan } from "../shared/usecases/prepareScan.js";
import { logSubscriptions } from "./logSubscriptions.js";
import { SCAN_PREPARE_QUEUE, scanPrepareMessageSchema, scanShardOutput } from "./scanQueue.js";

/**
 * A started scan's directory read, subscriptions and shards. A message that does not parse still throws, so the
 * host moves it to the poison queue where an admin can see it.
 */
export async function scanPrepareHandler(message: unknown, context: InvocationContext): Promise<void> {
  const request = scanPrepareMessageSchema.parse(message);
  const result = await prepareScan(await scanPortsFromSettings(), request);
  if (result.outcome !== "prepared") {
    const why = result.outcome === "alreadyDone" ? "already prepared (re-delivered)" : "unknown run, ignored";
    context.warn(`scan ${request.runId}: ${why}`);
    return;
  }
  const { plan } = result;
  context.log(
    `scan ${result.run.runId} (${result.run.mode}${plan.fullBecause ? `: ${plan.fullBecause}` : ""}): ` +
      `${result.run.pairs} pairs, ${plan.keptPairs} classified from kept calendars, ` +
      `${result.shards.length} shards queued ${JSON.stringify(plan.rereads)}`,
  );
  if (result.subscriptions) logSubscriptions(context, result.subscriptions);
  context.extraOutputs.set(scanShardOutput, result.shards.map(toShardWire));
}

app.storageQueue("scanPrepare", {
  queueName: SCAN_PREPARE_QUEUE,
  connection: "AzureWebJobsStorage",
  extraOutputs: [scanShardOutput],
  handler: scanPrepareHandler,
});
