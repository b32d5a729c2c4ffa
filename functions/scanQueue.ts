import { output } from "@azure/functions";

/** The queue scanTenant fans shards out on and scanShard drains. */
export const SCAN_SHARD_QUEUE = "scan-shards";

export const scanShardOutput = output.storageQueue({
  queueName: SCAN_SHARD_QUEUE,
  connection: "AzureWebJobsStorage",
});
