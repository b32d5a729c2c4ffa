import { app, type InvocationContext } from "@azure/functions";
import { scanPortsFromSettings } from "../shared/composition/scanPortsFromSettings.js";
import { shardMessageSchema } from "../shared/store/shardQueueMessage.js";
import { noteShardFailure } from "../shared/usecases/noteShardFailure.js";
import { scanShard } from "../shared/usecases/scanShard.js";
import { parseQueueMessage } from "./parseQueueMessage.js";
import { seriesPlanOutput } from "./planQueue.js";
import { SCAN_SHARD_QUEUE, scanShardPoisonOutput } from "./scanQueue.js";

/**
 * One shard of a scan. A malformed message goes to the poison queue at once; a failure throws, so the host
 * retries it and, after maxDequeueCount, poisons it. Either way scanShardPoison records the shard as skipped,
 * so the run completes without it.
 */
export async function scanShardHandler(message: unknown, context: InvocationContext): Promise<void> {
  const shard = parseQueueMessage(shardMessageSchema, message, context, {
    name: SCAN_SHARD_QUEUE,
    poison: scanShardPoisonOutput,
  });
  if (!shard) return;
  const ports = await scanPortsFromSettings();
  const where = `scan ${shard.runId} shard ${shard.shardIndex + 1}/${shard.shardCount}`;
  let result: Awaited<ReturnType<typeof scanShard>>;
  try {
    result = await scanShard(ports, shard);
  } catch (err) {
    // Rethrown so the host delivers it again; after maxDequeueCount scanShardPoison skips it with this error.
    const why = await noteShardFailure(ports, shard, err);
    context.error(
      `${where}: delivery ${String(context.triggerMetadata?.dequeueCount ?? "?")} failed: ${why}`,
    );
    throw err;
  }
  if (result.outcome === "recorded") {
    context.log(`${where}: ${result.pairs} pairs recorded${result.runComplete ? "; scan complete" : ""}`);
  } else {
    context.warn(
      `${where}: ${result.outcome === "alreadyDone" ? `already recorded (re-delivered)${result.runComplete ? "; scan complete" : ""}` : "unknown run, ignored"}`,
    );
  }
  // Whichever delivery completed the run queues its series plan; planning runs in its own invocation
  // (planSeriesQueue), so a slow plan never holds up a shard.
  if (result.outcome !== "unknownRun" && result.runComplete) {
    context.extraOutputs.set(seriesPlanOutput, { runId: shard.runId });
  }
}

app.storageQueue("scanShard", {
  queueName: SCAN_SHARD_QUEUE,
  connection: "AzureWebJobsStorage",
  extraOutputs: [seriesPlanOutput, scanShardPoisonOutput],
  handler: scanShardHandler,
});
