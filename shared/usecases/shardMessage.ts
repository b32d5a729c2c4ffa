// The queue message scanTenant sends and scanShard receives: one shard of managers and their pairs.
import { gunzipSync, gzipSync } from "node:zlib";
import { z } from "zod";
import { managerReportPairSchema } from "../domain/managerReportPair.js";

export const shardPairSchema = managerReportPairSchema.extend({
  managerName: z.string().nullable(),
  reportName: z.string().nullable(),
  department: z.string().nullable(),
});
export type ShardPair = z.infer<typeof shardPairSchema>;

const shardHeader = {
  runId: z.string().min(1),
  shardIndex: z.number().int().nonnegative(),
  shardCount: z.number().int().positive(),
  /** The instant every pair of the run is classified at, so a re-delivered shard gives the same answer. */
  now: z.iso.datetime(),
  /** The managers whose calendars this shard reads: at most 20, one Graph `$batch`. */
  managerIds: z.array(z.string().min(1)).min(1).max(20),
};

/** A shard as the use cases see it. */
export const shardSchema = z.object({ ...shardHeader, pairs: z.array(shardPairSchema).min(1) });
export type ShardMessage = z.infer<typeof shardSchema>;

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
