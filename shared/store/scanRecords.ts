// What a scan stores: one run record per scan, one row per pair per run (history), one marker per finished shard.
import { z } from "zod";
import { pairResultSchema } from "../domain/pairResult.js";

export const scanRunSchema = z.object({
  runId: z.string().min(1),
  mode: z.enum(["full", "incremental"]),
  /** The instant the scan classifies at (ISO-8601 UTC). */
  now: z.iso.datetime(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  state: z.enum(["running", "complete"]),
  shardsTotal: z.number().int().nonnegative(),
  shardsDone: z.number().int().nonnegative(),
  pairs: z.number().int().nonnegative(),
  /** Pairs per status, filled when the run completes. */
  counts: z.record(z.string(), z.number().int().nonnegative()),
  /** Shards or mailboxes that failed, with the reason (the scan goes on without them). */
  errors: z.array(z.string()),
});
export type ScanRun = z.infer<typeof scanRunSchema>;

export const pairRecordSchema = pairResultSchema.extend({
  runId: z.string().min(1),
  managerName: z.string().nullable(),
  reportName: z.string().nullable(),
  department: z.string().nullable(),
});
export type PairRecord = z.infer<typeof pairRecordSchema>;
