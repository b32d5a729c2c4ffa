// The scan's queue messages as they travel (the queue adapter): a shard with its pairs gzip-compressed.
import { gunzipSync, gzipSync } from "node:zlib";
import { z } from "zod";
import { type ShardMessage, shardHeader, shardPairSchema } from "../usecases/shardMessage.js";

/** Queue messages hold 64 KiB once base64-encoded (as the Functions host sends them): 48 KiB of JSON. */
const MAX_MESSAGE_BYTES = 48 * 1024;

/**
 * The shard as it travels on the queue: the pairs gzip-compressed (names and addresses repeat a lot), so 20
 * managers with large teams fit the 64 KiB queue message limit; the header stays readable in a poison queue.
 */
export const shardMessageSchema = z
  .object({ ...shardHeader, pairsGzip: z.base64() })
  .transform((wire, ctx): ShardMessage => {
    let pairs: unknown;
    try {
      pairs = JSON.parse(gunzipSync(Buffer.from(wire.pairsGzip, "base64")).toString("utf8"));
    } catch {
      ctx.addIssue({ code: "custom", path: ["pairsGzip"], message: "is not gzip-compressed JSON" });
      return z.NEVER;
    }
    const parsed = z.array(shardPairSchema).min(1).safeParse(pairs);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: ["pairs", ...issue.path] });
      return z.NEVER;
    }
    const { pairsGzip: _, ...header } = wire;
    return { ...header, pairs: parsed.data };
  });
export type ShardWireMessage = z.input<typeof shardMessageSchema>;

export function toShardWire(shard: ShardMessage): ShardWireMessage {
  const { pairs, ...header } = shard;
  return { ...header, pairsGzip: gzipSync(JSON.stringify(pairs)).toString("base64") };
}

/** Whether the shard fits one queue message; a larger one must be split (see scanTenant's `shardFits`). */
export function shardFitsQueueMessage(shard: ShardMessage): boolean {
  // Room for the real header (run id, index, count) besides the compressed pairs.
  return Buffer.byteLength(JSON.stringify(toShardWire(shard))) + 512 <= MAX_MESSAGE_BYTES;
}
