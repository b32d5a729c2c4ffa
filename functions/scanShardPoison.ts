import { app, type InvocationContext } from "@azure/functions";
import { z } from "zod";
import { scanPortsFromSettings } from "../shared/composition/scanPortsFromSettings.js";
import { shardMessageSchema } from "../shared/store/shardQueueMessage.js";
import { skipShard } from "../shared/usecases/skipShard.js";
import { seriesPlanOutput } from "./planQueue.js";
import { queueMessageIssues } from "./queueMessageIssues.js";
import { SCAN_SHARD_QUEUE } from "./scanQueue.js";

/** What names the shard in a poisoned message, read leniently: a damaged body must not hide which shard it was. */
export const poisonedShardSchema = z.object({
  runId: z.string().min(1),
  shardIndex: z.number().int().nonnegative(),
  shardCount: z.number().int().positive().optional().catch(undefined),
  managerIds: z.array(z.unknown()).optional().catch(undefined),
});

/**
 * `scan-shards-poison`: a shard that was malformed (put here by scanShard) or failed every delivery (moved here by
 * the host after maxDequeueCount). The run records it as skipped and goes on, so it completes with the other
 * shards' pairs and says which shard is missing; its managers are read again by the next scan.
 */
export async function scanShardPoisonHandler(message: unknown, context: InvocationContext): Promise<void> {
  const id = String(context.triggerMetadata?.id ?? "(no id)");
  const full = shardMessageSchema.safeParse(message);
  const reason = full.success
    ? "failed every delivery"
    : `malformed message: ${queueMessageIssues(full.error)}`;
  const header = full.success ? full.data : poisonedShardSchema.safeParse(message).data;
  if (!header) {
    context.error(
      `${SCAN_SHARD_QUEUE}-poison: message ${id} names no run and shard, nothing recorded: ${reason}`,
    );
    return;
  }
  const shard = `scan ${header.runId} shard ${header.shardIndex + 1}${header.shardCount ? `/${header.shardCount}` : ""}`;
  const result = await skipShard(await scanPortsFromSettings(), header.runId, {
    shardIndex: header.shardIndex,
    pairs: full.success ? full.data.pairs.length : null,
    managers: header.managerIds?.length ?? null,
    reason,
  });
  if (result.outcome === "unknownShard") {
    context.error(
      `${SCAN_SHARD_QUEUE}-poison: message ${id}: ${shard} is not in a known run, nothing recorded: ${reason}`,
    );
    return;
  }
  const complete = result.runComplete ? "; scan complete" : "";
  if (result.outcome === "skipped") context.error(`${shard} skipped: ${result.reason}${complete}`);
  else context.warn(`${shard} poisoned but already recorded${complete}`);
  if (result.runComplete) context.extraOutputs.set(seriesPlanOutput, { runId: header.runId });
}

app.storageQueue("scanShardPoison", {
  queueName: `${SCAN_SHARD_QUEUE}-poison`,
  connection: "AzureWebJobsStorage",
  extraOutputs: [seriesPlanOutput],
  handler: scanShardPoisonHandler,
});
