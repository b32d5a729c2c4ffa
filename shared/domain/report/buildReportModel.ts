// Aggregates one complete scan (and the one before it, and the run history) into the admin report. Pure.

import { describeShardSkip } from "../describeShardSkip.js";
import type { PairStatus } from "../pairResult.js";
import type { PairRecord, ScanRun } from "../scanRecords.js";
import type { SeriesProposal } from "../seriesProposal.js";
import { proposalMarker } from "./proposalMarker.js";
import {
  type DepartmentSummary,
  type Health,
  type ManagerSummary,
  NEEDS_ACTION_STATUSES,
  PAIR_STATUSES,
  type ReportFilters,
  type ReportModel,
  type ReportPair,
  type StatusCounts,
  type TrendPoint,
} from "./reportModel.js";

export const NO_DEPARTMENT = "(no department)";
const DAY_MS = 86_400_000;

export interface ReportInput {
  latest: { run: ScanRun; pairs: readonly PairRecord[] };
  /** The complete scan before `latest`, for the changes. */
  previous?: { run: ScanRun; pairs: readonly PairRecord[] } | undefined;
  /** Complete runs in any order (the latest included), for the trend. */
  history: readonly ScanRun[];
  /** When the report is made. */
  now: Date;
  minGroupSize: number;
  filters?: ReportFilters;
  /** Series proposals (any state): each pair shows its own as a marker. */
  proposals?: readonly SeriesProposal[];
}

export function buildReportModel(input: ReportInput): ReportModel {
  const filters = input.filters ?? {};
  const latestAt = Date.parse(input.latest.run.now);
  const markers = new Map(
    (input.proposals ?? []).map((p) => [`${p.managerId}\u0000${p.reportId}`, proposalMarker(p)]),
  );
  const pairs = input.latest.pairs
    .filter(matches(filters))
    .map((p) => ({
      ...toReportPair(p, latestAt),
      proposal: markers.get(`${p.managerId}\u0000${p.reportId}`) ?? null,
    }))
    .sort(byManagerThenReport);
  const previousPairs = input.previous
    ? input.previous.pairs
        .filter(matches(filters))
        .map((p) => toReportPair(p, Date.parse(input.previous!.run.now)))
    : undefined;

  const health = healthOf(pairs);
  const previousHealth = previousPairs ? healthOf(previousPairs) : undefined;
  const departmentGroups = groupBy(pairs, (p) => p.department ?? NO_DEPARTMENT);
  const shown = [...departmentGroups].filter(([, rows]) => rows.length >= input.minGroupSize);
  const hidden = [...departmentGroups].filter(([, rows]) => rows.length < input.minGroupSize);

  return {
    generatedAt: input.now.toISOString(),
    scan: {
      runId: input.latest.run.runId,
      at: input.latest.run.now,
      finishedAt: input.latest.run.finishedAt,
      pairs: input.latest.run.pairs,
      errors: input.latest.run.errors.length,
      skipped: (input.latest.run.skipped ?? []).map(describeShardSkip),
    },
    previousScan: input.previous ? { runId: input.previous.run.runId, at: input.previous.run.now } : null,
    filters: { department: filters.department ?? null, manager: filters.manager ?? null },
    minGroupSize: input.minGroupSize,
    totals: { ...countStatuses(pairs), pairs: pairs.length },
    health,
    healthChange: previousHealth ? pointsBetween(previousHealth, health) : null,
    managers: managerSummaries(pairs, previousPairs),
    departments: shown
      .map(
        ([name, rows]): DepartmentSummary => ({
          name,
          pairs: rows.length,
          counts: countStatuses(rows),
          health: healthOf(rows),
        }),
      )
      .sort((a, b) => compareText(a.name, b.name)),
    hiddenDepartments: {
      departments: hidden.length,
      pairs: hidden.reduce((n, [, rows]) => n + rows.length, 0),
    },
    departmentNames: [...departmentGroups.keys()].sort(compareText),
    needsAction: pairs
      .filter((p) => (NEEDS_ACTION_STATUSES as readonly PairStatus[]).includes(p.status))
      .sort(byGapThenSeverity),
    pairs,
    trend: trendOf(input.history),
    notes: [
      "Health is the share of pairs that are healthy; excluded pairs (opted out, excluded by configuration, " +
        "or without a usable mailbox) are not in the denominator.",
      `Departments with fewer than ${input.minGroupSize} pairs get no row of their own.`,
      "Gaps are whole days from the last 1:1 held to the scan; “none held” means none in the lookback window.",
      "The trend is organisation-wide: past scans keep only their totals.",
      "Dates in the reasons are UTC days: the scan reads no mailbox's time zone (one more request per 20 managers).",
    ],
  };
}

function matches(filters: ReportFilters): (p: PairRecord) => boolean {
  const department = filters.department?.toLocaleLowerCase();
  const manager = filters.manager?.toLocaleLowerCase();
  return (p) =>
    (department === undefined || (p.department ?? NO_DEPARTMENT).toLocaleLowerCase() === department) &&
    (manager === undefined ||
      [p.managerId, p.managerUpn, p.managerName ?? ""].some((v) => v.toLocaleLowerCase() === manager));
}

function toReportPair(p: PairRecord, scanAt: number): ReportPair {
  return {
    managerId: p.managerId,
    managerUpn: p.managerUpn,
    managerName: p.managerName ?? p.managerUpn,
    reportId: p.reportId,
    reportUpn: p.reportUpn,
    reportName: p.reportName ?? p.reportUpn,
    department: p.department,
    status: p.status,
    lastHeld: p.lastHeld,
    nextScheduled: p.nextScheduled,
    gapDays: p.lastHeld === null ? null : Math.max(0, Math.floor((scanAt - Date.parse(p.lastHeld)) / DAY_MS)),
    cadenceDays: p.cadenceDays,
    reason: p.reason,
    proposal: null,
  };
}

function countStatuses(pairs: readonly { status: PairStatus }[]): StatusCounts {
  const counts = Object.fromEntries(PAIR_STATUSES.map((s) => [s, 0])) as StatusCounts;
  for (const p of pairs) counts[p.status]++;
  return counts;
}

function healthFromCounts(counts: Partial<Record<string, number>>): Health {
  const total = Object.values(counts).reduce<number>((n, c) => n + (c ?? 0), 0);
  const excluded = counts.excluded ?? 0;
  const healthy = counts.healthy ?? 0;
  const counted = total - excluded;
  return {
    healthy,
    counted,
    excluded,
    percent: counted === 0 ? null : Math.round((healthy / counted) * 1000) / 10,
  };
}

function healthOf(pairs: readonly { status: PairStatus }[]): Health {
  return healthFromCounts(countStatuses(pairs));
}

function pointsBetween(before: Health, after: Health): number | null {
  if (before.percent === null || after.percent === null) return null;
  return Math.round((after.percent - before.percent) * 10) / 10;
}

function needsActionCount(pairs: readonly ReportPair[]): number {
  return pairs.filter((p) => (NEEDS_ACTION_STATUSES as readonly PairStatus[]).includes(p.status)).length;
}

function managerSummaries(
  pairs: readonly ReportPair[],
  previousPairs: readonly ReportPair[] | undefined,
): ManagerSummary[] {
  const previous = previousPairs ? groupBy(previousPairs, (p) => p.managerId) : undefined;
  return [...groupBy(pairs, (p) => p.managerId)]
    .map(([managerId, rows]): ManagerSummary => {
      const first = rows[0]!;
      const counted = rows.filter((p) => p.status !== "excluded");
      const gaps = counted.flatMap((p) => (p.gapDays === null ? [] : [p.gapDays]));
      const health = healthOf(rows);
      const before = previous?.get(managerId);
      return {
        managerId,
        managerUpn: first.managerUpn,
        name: first.managerName,
        directs: rows.length,
        counts: countStatuses(rows),
        health,
        longestGapDays: gaps.length === 0 ? null : Math.max(...gaps),
        noneHeld: counted.filter((p) => p.gapDays === null).length,
        departments: [...new Set(rows.map((p) => p.department ?? NO_DEPARTMENT))].sort(compareText),
        change: before
          ? {
              healthPoints: pointsBetween(healthOf(before), health),
              needsAction: needsActionCount(rows) - needsActionCount(before),
            }
          : null,
      };
    })
    .sort((a, b) => compareText(a.name, b.name) || compareText(a.managerUpn, b.managerUpn));
}

function trendOf(history: readonly ScanRun[]): TrendPoint[] {
  const seen = new Set<string>();
  return history
    .filter((run) => run.state === "complete" && !seen.has(run.runId) && seen.add(run.runId))
    .sort((a, b) => Date.parse(a.now) - Date.parse(b.now) || compareText(a.runId, b.runId))
    .map((run) => ({ runId: run.runId, at: run.now, health: healthFromCounts(run.counts) }));
}

const SEVERITY: Record<PairStatus, number> = {
  missing: 0,
  lapsed: 1,
  belowTarget: 2,
  scheduled: 3,
  healthy: 4,
  excluded: 5,
};

function byGapThenSeverity(a: ReportPair, b: ReportPair): number {
  const gap = (p: ReportPair) => p.gapDays ?? Number.POSITIVE_INFINITY;
  return (
    (gap(b) === gap(a) ? 0 : gap(b) > gap(a) ? 1 : -1) ||
    SEVERITY[a.status] - SEVERITY[b.status] ||
    byManagerThenReport(a, b)
  );
}

function byManagerThenReport(a: ReportPair, b: ReportPair): number {
  return (
    compareText(a.managerName, b.managerName) ||
    compareText(a.managerUpn, b.managerUpn) ||
    compareText(a.reportName, b.reportName) ||
    compareText(a.reportUpn, b.reportUpn)
  );
}

/** Locale-independent, so the same scan renders the same order on every machine. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
