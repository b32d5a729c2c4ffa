// Completes a run once every shard is recorded: confirms its marked series (one read for the whole run) and
// writes the totals.
import type { CadencePolicy } from "../domain/cadencePolicy.js";
import { countStatuses } from "../domain/countStatuses.js";
import { replacePairs } from "../domain/replacePairs.js";
import { type ConfirmSeriesPorts, confirmSeries } from "./confirmSeries.js";
import type { Clock } from "./ports/scanPorts.js";
import type { ScanStorePort } from "./ports/scanStorePort.js";

export interface CompleteScanRunPorts extends ConfirmSeriesPorts {
  store: Pick<
    ScanStorePort,
    "getRun" | "saveRun" | "listPairs" | "writePairs" | "markShardDone" | "shardProgress"
  >;
  clock: Clock;
  policy: CadencePolicy;
}

/**
 * Shards finishing together may all find every marker present; one more marker, one past the last shard's
 * index, elects a single one of them, so the masters are read once per run. `retry`: the caller's shard was
 * recorded by an earlier delivery that failed afterwards, and the elected completion may have died with it.
 * True when this call completed the run.
 */
export async function completeScanRun(
  ports: CompleteScanRunPorts,
  runId: string,
  options: { retry?: boolean } = {},
): Promise<boolean> {
  const run = await ports.store.getRun(runId);
  if (!run || run.state === "complete") return false;
  const progress = await ports.store.shardProgress(run.runId);
  if (progress.done < run.shardsTotal) return false;
  // On a retry the elected shard may have died after the election: completing again reads the masters twice,
  // which is rare and harmless (the same records and counts are written).
  const elected = await ports.store.markShardDone(run.runId, run.shardsTotal, []);
  if (!elected && !options.retry) return false;
  const listed = await ports.store.listPairs(run.runId);
  const confirmed = await confirmSeries(ports, listed, new Date(run.now));
  if (confirmed.records.length > 0) await ports.store.writePairs(confirmed.records);
  const pairs = replacePairs(listed, confirmed.records);
  await ports.store.saveRun({
    ...run,
    state: "complete",
    finishedAt: ports.clock.now().toISOString(),
    shardsDone: run.shardsTotal,
    pairs: pairs.length,
    counts: countStatuses(pairs),
    errors: [...progress.errors, ...confirmed.errors].slice(0, 100),
    ...(progress.skipped.length > 0 ? { skipped: progress.skipped } : {}),
  });
  return true;
}
