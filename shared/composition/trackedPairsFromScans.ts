// The pairs card delivery and the managers' digests work from: the latest complete scan's, without anyone who opted
// out since that scan (CADENCE_EXCLUDED_USERS is read again here, so an opt-out holds before the next scan).
import { optedOut } from "../domain/optedOut.js";
import type { ScanStore } from "../store/scanStore.js";
import type { TrackedPairs } from "../usecases/ports/trackedPairs.js";

export function trackedPairsFromScans(scans: ScanStore, excludedUsers: readonly string[]): TrackedPairs {
  return {
    async latestPairs() {
      const run = await scans.latestCompleteRun();
      const pairs = run ? await scans.listPairs(run.runId) : [];
      return pairs.filter((p) => !optedOut(p, excludedUsers));
    },
  };
}
