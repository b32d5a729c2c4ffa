// What a scan stores: one run record per scan, one row per pair per run (history), one marker per finished shard.
import { z } from "zod";
import { pairBaselineSchema } from "./pairBaseline.js";
import { pairResultSchema } from "./pairResult.js";

/**
 * A shard the run went on without: its message could not be read or failed every delivery and reached the
 * poison queue. Its pairs are missing from the run; the next scan reads them again.
 */
export const shardSkipSchema = z.object({
  shardIndex: z.number().int().nonnegative(),
  /** Pairs the shard carried; null when its message was too damaged to count them. */
  pairs: z.number().int().nonnegative().nullable(),
  managers: z.number().int().nonnegative().nullable(),
  reason: z.string().min(1),
});
export type ShardSkip = z.infer<typeof shardSkipSchema>;

export const scanRunSchema = z.object({
  runId: z.string().min(1),
  mode: z.enum(["full", "incremental"]),
  /** The instant the scan classifies at (ISO-8601 UTC). */
  now: z.iso.datetime(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  /** `preparing`: the directory is read and subscriptions kept before any shard is queued (see prepareScan). */
  /** `failed`: the prepare step never succeeded (its message reached the poison queue); `failure` says why. */
  state: z.enum(["preparing", "running", "complete", "failed"]),
  shardsTotal: z.number().int().nonnegative(),
  shardsDone: z.number().int().nonnegative(),
  pairs: z.number().int().nonnegative(),
  /** Pairs per status, filled when the run completes. */
  counts: z.record(z.string(), z.number().int().nonnegative()),
  /** Shards or mailboxes that failed, with the reason (the scan goes on without them). */
  errors: z.array(z.string()),
  /** Shards the run completed without; absent when none were (and in runs stored before skips were kept). */
  skipped: z.array(shardSkipSchema).optional(),
  failure: z.string().min(1).optional(),
});
export type ScanRun = z.infer<typeof scanRunSchema>;

/**
 * A `missing` pair whose series only their masters can settle (see `seriesToConfirm`): what the run's last shard
 * needs to read them and classify the pair again. Never shown: the record loses it once confirmed.
 */
export const seriesConfirmationSchema = z.object({
  seriesIds: z.array(z.string().min(1)).min(1),
  managerMail: z.string().min(1).nullable(),
  reportMail: z.string().min(1).nullable(),
  /** The pair's calendar as read (and kept, in incremental scans) with its window. */
  baseline: pairBaselineSchema,
});
export type SeriesConfirmation = z.infer<typeof seriesConfirmationSchema>;

export const pairRecordSchema = pairResultSchema.extend({
  runId: z.string().min(1),
  managerName: z.string().nullable(),
  reportName: z.string().nullable(),
  department: z.string().nullable(),
  seriesToConfirm: seriesConfirmationSchema.optional(),
});
export type PairRecord = z.infer<typeof pairRecordSchema>;
