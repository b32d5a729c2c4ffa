import type { ShardSkip } from "./scanRecords.js";

/** One line for a person: `shard 3 (12 pairs): <reason>`, shards counted from 1 as the logs count them. */
export function describeShardSkip(skip: Pick<ShardSkip, "shardIndex" | "pairs" | "reason">): string {
  const pairs =
    skip.pairs === null ? "pairs unknown" : `${skip.pairs} ${skip.pairs === 1 ? "pair" : "pairs"}`;
  return `shard ${skip.shardIndex + 1} (${pairs}): ${skip.reason}`;
}
