// A shard as scanTenant cuts it and scanShard reads it: managers and their pairs (the queue adapter encodes it).
import { z } from "zod";
import { managerReportPairSchema } from "../domain/managerReportPair.js";

export const shardPairSchema = managerReportPairSchema.extend({
  managerName: z.string().nullable(),
  reportName: z.string().nullable(),
  department: z.string().nullable(),
});
export type ShardPair = z.infer<typeof shardPairSchema>;

export const shardHeader = {
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
