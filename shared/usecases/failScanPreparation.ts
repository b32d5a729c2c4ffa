// A run whose prepare step never succeeded (its message reached the poison queue) is marked failed with the
// reason, so it does not sit in `preparing` forever and the status and the report say why.
import type { Clock } from "./ports/scanPorts.js";
import type { ScanStorePort } from "./ports/scanStorePort.js";

export interface FailScanPreparationPorts {
  store: Pick<ScanStorePort, "getRun" | "saveRun">;
  clock: Clock;
}

export type FailScanPreparationOutcome =
  | { outcome: "failed" }
  /** The run got past preparing after all (an earlier delivery succeeded): it is left alone. */
  | { outcome: "notPreparing"; state: string }
  | { outcome: "unknownRun" };

export async function failScanPreparation(
  ports: FailScanPreparationPorts,
  runId: string,
  reason: string,
): Promise<FailScanPreparationOutcome> {
  const run = await ports.store.getRun(runId);
  if (!run) return { outcome: "unknownRun" };
  if (run.state !== "preparing") return { outcome: "notPreparing", state: run.state };
  await ports.store.saveRun({
    ...run,
    state: "failed",
    finishedAt: ports.clock.now().toISOString(),
    failure: reason,
  });
  return { outcome: "failed" };
}
