// The admin report from the scan store: the latest complete scan, the one before it, and the run history.
import { buildReportModel } from "../domain/report/buildReportModel.js";
import type { ReportFilters, ReportModel } from "../domain/report/reportModel.js";
import type { SeriesProposal } from "../domain/seriesProposal.js";
import { AppError } from "../errors.js";
import type { Clock } from "./ports/scanPorts.js";
import type { ScanStorePort } from "./ports/scanStorePort.js";

export interface BuildReportPorts {
  store: Pick<ScanStorePort, "listRuns" | "listPairs">;
  clock: Clock;
  minGroupSize: number;
  /** Series proposals, shown as a marker per pair; absent, the report has none. */
  proposals?: { list(): Promise<SeriesProposal[]> };
  /** Runs read for the trend (newest first); default 52, a year of weekly scans. */
  historySize?: number;
}

/** Thrown when no scan has completed yet: there is nothing to report. */
export class NoCompleteScanError extends AppError {
  constructor() {
    super("REPORT.NO_SCAN", "No scan has completed yet; the report needs one.", { status: 503 });
  }
}

export async function buildReport(
  ports: BuildReportPorts,
  filters: ReportFilters = {},
): Promise<ReportModel> {
  const runs = (await ports.store.listRuns(ports.historySize ?? 52)).filter((r) => r.state === "complete");
  const [latest, previous] = runs;
  if (!latest) throw new NoCompleteScanError();
  const [latestPairs, previousPairs, proposals] = await Promise.all([
    ports.store.listPairs(latest.runId),
    previous ? ports.store.listPairs(previous.runId) : Promise.resolve(undefined),
    ports.proposals?.list() ?? Promise.resolve([]),
  ]);
  return buildReportModel({
    latest: { run: latest, pairs: latestPairs },
    previous: previous && previousPairs ? { run: previous, pairs: previousPairs } : undefined,
    history: runs,
    now: ports.clock.now(),
    minGroupSize: ports.minGroupSize,
    filters,
    proposals,
  });
}
