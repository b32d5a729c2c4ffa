// A scan asked for by the timer or an admin: the settings' policy applied to the request and a run record in
// `preparing`, answered at once. The slow part (the directory, thousands of subscriptions that each wait on
// Graph's handshake with our own endpoint) is prepareScan's, behind the queue.
import { newRunId } from "../domain/newRunId.js";
import { AppError } from "../errors.js";
import type { Clock } from "./ports/scanPorts.js";
import type { ScanRun } from "./ports/scanRecords.js";
import type { ScanStorePort } from "./ports/scanStorePort.js";
import type { ScanPrepareRequest } from "./prepareScan.js";
import type { ScanRequest } from "./scanTenant.js";

export interface StartScanPorts {
  store: Pick<ScanStorePort, "saveRun">;
  clock: Clock;
  runSuffix: () => string;
  /** Every scan reads everything (CADENCE_FULL_RESCAN). */
  fullRescan: boolean;
  /** The clock is pinned (a simulated tenant): only then may a scan run as of another instant. */
  clockPinned: boolean;
}

export interface StartScanResult {
  run: ScanRun;
  /** What the prepare step needs; the caller queues it. */
  prepare: ScanPrepareRequest;
}

/**
 * Stores the run as `preparing` and returns the prepare request to queue. Throws SCAN.NOW_NOT_ALLOWED (400) for
 * an instant on a clock that is not pinned.
 */
export async function startScan(
  ports: StartScanPorts,
  options: { mode: ScanRequest; now?: Date | undefined },
): Promise<StartScanResult> {
  const { now } = options;
  if (now && !ports.clockPinned) {
    throw new AppError("SCAN.NOW_NOT_ALLOWED", "now is only accepted when CADENCE_NOW pins the clock", {
      status: 400,
    });
  }
  const started = now ?? ports.clock.now();
  const mode: ScanRequest = ports.fullRescan ? "full" : options.mode;
  const runId = newRunId(started, ports.runSuffix());
  const run: ScanRun = {
    runId,
    // The mode asked for; an auto scan that must read everything says so once prepared.
    mode: mode === "full" ? "full" : "incremental",
    now: started.toISOString(),
    startedAt: started.toISOString(),
    finishedAt: null,
    state: "preparing",
    shardsTotal: 0,
    shardsDone: 0,
    pairs: 0,
    counts: {},
    errors: [],
  };
  await ports.store.saveRun(run);
  return { run, prepare: { runId, mode } };
}
