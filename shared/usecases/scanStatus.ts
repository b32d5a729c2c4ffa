import type { ScanRun } from "./ports/scanRecords.js";
import type { ScanStorePort } from "./ports/scanStorePort.js";

/** A run as stored, with shards done, errors and skipped shards counted live while it is still running. */
export async function scanStatus(
  store: Pick<ScanStorePort, "getRun" | "shardProgress">,
  runId: string,
): Promise<ScanRun | undefined> {
  const run = await store.getRun(runId);
  if (!run || run.state === "complete" || run.state === "failed") return run;
  const progress = await store.shardProgress(runId);
  // The completing shard's election marker counts as one more while it completes the run.
  return {
    ...run,
    shardsDone: Math.min(progress.done, run.shardsTotal),
    errors: progress.errors.slice(0, 100),
    ...(progress.skipped.length > 0 ? { skipped: progress.skipped } : {}),
  };
}
