import { app, type InvocationContext } from "@azure/functions";
import { scanPortsFromSettings } from "../shared/composition/scanPortsFromSettings.js";
import { toShardWire } from "../shared/store/shardQueueMessage.js";
import { prepareScan } from "../shared/usecases/prepareScan.js";
import { logSubscriptions } from "./logSubscriptions.js";
import { parseQueueMessage } from "./parseQueueMessage.js";
import {
  SCAN_PREPARE_QUEUE,
  scanPrepareMessageSchema,
  scanPreparePoisonOutput,
  scanShardOutput,
} from "./scanQueue.js";

/**
 * A started scan's directory read, subscriptions and shards. A malformed message goes to the poison queue at
 * once; a failure throws, so the host retries it and, after maxDequeueCount, poisons it (scanPreparePoison then
 * marks the run failed).
 */
export async function scanPrepareHandler(message: unknown, context: InvocationContext): Promise<void> {
  const request = parseQueueMessage(scanPrepareMessageSchema, message, context, {
    name: SCAN_PREPARE_QUEUE,
    poison: scanPreparePoisonOutput,
  });
  if (!request) return;
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
  extraOutputs: [scanShardOutput, scanPreparePoisonOutput],
  handler: scanPrepareHandler,
});
