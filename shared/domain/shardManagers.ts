// Splits the managers of a scan into shards, each read with one Graph `$batch` (≤ 20 requests).
const MAX_MANAGERS_PER_SHARD = 20;

export class ShardSizeError extends RangeError {
  readonly code = "SHARD.INVALID_SIZE";
  constructor(readonly size: number) {
    super(
      `Shard size must be an integer from 1 to ${MAX_MANAGERS_PER_SHARD} (one Graph $batch), got ${size}`,
    );
  }
}

/**
 * Deduplicated, sorted by id (code-unit order, locale-independent) and cut into shards of at most `size`:
 * the same set of managers always yields the same shards, whatever order the directory paged them in,
 * so a re-run or a re-delivered shard covers exactly the same mailboxes.
 */
export function shardManagers(managerIds: Iterable<string>, size = MAX_MANAGERS_PER_SHARD): string[][] {
  if (!Number.isInteger(size) || size < 1 || size > MAX_MANAGERS_PER_SHARD) throw new ShardSizeError(size);
  const ids = [...new Set(managerIds)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const shards: string[][] = [];
  for (let i = 0; i < ids.length; i += size) shards.push(ids.slice(i, i + size));
  return shards;
}
