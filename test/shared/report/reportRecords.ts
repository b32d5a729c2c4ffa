// Builds scan runs and pair records for report tests: plain data, no scan needed.
import type { PairStatus } from "../../../shared/domain/pairResult.js";
import type { PairRecord, ScanRun } from "../../../shared/usecases/ports/scanRecords.js";

export function run(runId: string, now: string, counts: Partial<Record<PairStatus, number>> = {}): ScanRun {
  const pairs = Object.values(counts).reduce((n, c) => n + (c ?? 0), 0);
  return {
    runId,
    mode: "full",
    now,
    startedAt: now,
    finishedAt: now,
    state: "complete",
    shardsTotal: 1,
    shardsDone: 1,
    pairs,
    counts,
    errors: [],
  };
}

export interface PairSpec {
  manager: string;
  report: string;
  status: PairStatus;
  department?: string | null;
  /** Days before the scan's instant of the last held 1:1 (null: none held). */
  heldDaysAgo?: number | null;
  managerName?: string | null;
  reportName?: string | null;
}

export function pair(runId: string, scanAt: string, spec: PairSpec): PairRecord {
  const held = spec.heldDaysAgo ?? null;
  return {
    runId,
    managerId: `id-${spec.manager}`,
    managerUpn: `${spec.manager}@contoso.com`,
    reportId: `id-${spec.report}`,
    reportUpn: `${spec.report}@contoso.com`,
    status: spec.status,
    lastHeld: held === null ? null : new Date(Date.parse(scanAt) - held * 86_400_000).toISOString(),
    nextScheduled: null,
    cadenceDays: null,
    seriesId: null,
    reason: held === null ? "no 1:1 in the last 90 days" : `last held ${held} days ago`,
    managerName: spec.managerName === undefined ? spec.manager : spec.managerName,
    reportName: spec.reportName === undefined ? spec.report : spec.reportName,
    department: spec.department === undefined ? "Sales" : spec.department,
  };
}

/** Counts per status of records, as a completed run stores them. */
export function countsOf(records: readonly PairRecord[]): Partial<Record<PairStatus, number>> {
  const counts: Partial<Record<PairStatus, number>> = {};
  for (const r of records) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
}
