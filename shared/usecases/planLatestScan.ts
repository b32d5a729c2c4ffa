// Plans series from a completed scan: the hook scan completion calls (and POST /api/plans, on demand).
import { AppError } from "../errors.js";
import { type PlanSeriesResult, planSeries } from "./planSeries.js";
import type { ScanStorePort } from "./ports/scanStorePort.js";
import type { SchedulingPorts } from "./ports/schedulingPorts.js";

export interface PlanLatestScanPorts extends SchedulingPorts {
  scans: Pick<ScanStorePort, "getRun" | "listPairs"> & {
    latestCompleteRun(): Promise<{ runId: string } | undefined>;
  };
}

/** `runId`: the scan that just completed; without it, the latest complete one. */
export async function planLatestScan(
  ports: PlanLatestScanPorts,
  options: { runId?: string | undefined } = {},
): Promise<PlanSeriesResult & { runId: string }> {
  const ref = options.runId ?? (await ports.scans.latestCompleteRun())?.runId;
  const run = ref ? await ports.scans.getRun(ref) : undefined;
  if (run?.state !== "complete") {
    throw new AppError(
      "PLAN.NO_SCAN",
      ref ? `scan ${ref} is not complete` : "no complete scan yet: run a scan first",
      { status: 409 },
    );
  }
  const pairs = await ports.scans.listPairs(run.runId);
  const result = await planSeries(ports, { pairs, scannedAt: new Date(run.now) });
  return { ...result, runId: run.runId };
}
