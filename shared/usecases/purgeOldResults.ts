// Retention: scan runs and their pair rows older than the retention period are deleted, so the tables hold a
// bounded history (people's 1:1 habits are personal data, kept no longer than the report needs).

const DAY_MS = 86_400_000;

/** What the purge needs to know of a run. */
export interface RetainedRun {
  runId: string;
  startedAt: string;
  state: string;
}

export interface PurgeOldResultsPorts {
  store: {
    /** Runs started before `cutoff`. */
    runsStartedBefore(cutoff: Date): Promise<RetainedRun[]>;
    /** The run the report shows (the newest complete one). */
    latestCompleteRun(): Promise<RetainedRun | undefined>;
    /** Deletes the run with its pair rows; answers how many pair rows went. */
    deleteRun(runId: string): Promise<{ pairs: number }>;
  };
  clock: { now(): Date };
  /** CADENCE_RETENTION_DAYS. */
  retentionDays: number;
}

export interface PurgeResult {
  cutoff: string;
  deletedRuns: string[];
  deletedPairs: number;
  /** The newest complete run, kept even when older than the cutoff so the report never goes blank. */
  kept: string | null;
}

/** Deletes the runs (with their pair rows and shard markers) started more than `retentionDays` ago. */
export async function purgeOldResults(ports: PurgeOldResultsPorts): Promise<PurgeResult> {
  const cutoff = new Date(ports.clock.now().getTime() - ports.retentionDays * DAY_MS);
  const old = await ports.store.runsStartedBefore(cutoff);
  const latest = old.length > 0 ? await ports.store.latestCompleteRun() : undefined;
  const result: PurgeResult = { cutoff: cutoff.toISOString(), deletedRuns: [], deletedPairs: 0, kept: null };
  for (const run of old) {
    if (run.runId === latest?.runId) {
      result.kept = run.runId;
      continue;
    }
    result.deletedPairs += (await ports.store.deleteRun(run.runId)).pairs;
    result.deletedRuns.push(run.runId);
  }
  return result;
}
