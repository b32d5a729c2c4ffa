import { output } from "@azure/functions";
import { z } from "zod";

/** The queue scanPrepare fans shards out on and scanShard drains. */
export const SCAN_SHARD_QUEUE = "scan-shards";

export const scanShardOutput = output.storageQueue({
  queueName: SCAN_SHARD_QUEUE,
  connection: "AzureWebJobsStorage",
});

/** Where scanShard puts a malformed shard at once, and the host one that failed every delivery. */
export const scanShardPoisonOutput = output.storageQueue({
  queueName: `${SCAN_SHARD_QUEUE}-poison`,
  connection: "AzureWebJobsStorage",
});

/** The queue scanTenant hands a started run to (it answers at once), scanPrepare drains. */
export const SCAN_PREPARE_QUEUE = "scan-prepare";

export const scanPrepareOutput = output.storageQueue({
  queueName: SCAN_PREPARE_QUEUE,
  connection: "AzureWebJobsStorage",
});

/** Where scanPrepare puts a malformed message at once, and the host one that failed every delivery. */
export const scanPreparePoisonOutput = output.storageQueue({
  queueName: `${SCAN_PREPARE_QUEUE}-poison`,
  connection: "AzureWebJobsStorage",
});

/** A started run to prepare; the run record holds its instant. */
export const scanPrepareMessageSchema = z.object({
  runId: z.string().min(1),
  mode: z.enum(["auto", "full"]),
});
