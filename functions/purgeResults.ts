import { app, type InvocationContext, type Timer } from "@azure/functions";
import { scanHistoryPortsFromSettings } from "../shared/composition/scanHistoryPortsFromSettings.js";
import { purgeOldResults } from "../shared/usecases/purgeOldResults.js";

/** Daily at 04:15 UTC, after the nightly scan and the subscription renewal; a fixed hour needs no setting. */
export const PURGE_RESULTS_SCHEDULE = "0 15 4 * * *";

/** Deletes scan runs and pair results older than CADENCE_RETENTION_DAYS (default 400). */
export async function purgeResultsTimer(_timer: Timer, context: InvocationContext): Promise<void> {
  const done = await purgeOldResults(await scanHistoryPortsFromSettings());
  context.log(
    `retention: ${done.deletedRuns.length} runs and ${done.deletedPairs} pair results started before ${done.cutoff} deleted` +
      (done.kept ? `; ${done.kept} kept (the newest complete run)` : ""),
  );
}

app.timer("purgeResults", { schedule: PURGE_RESULTS_SCHEDULE, handler: purgeResultsTimer });
