// The admin report's model (issue 5): what the HTML page, the CSV, the JSON answer and the weekly digest show.
// It carries names, addresses, departments, dates and the classifier's reason — never a meeting subject or body.
import { z } from "zod";
import type { PairStatus } from "../pairResult.js";

export const PAIR_STATUSES = [
  "healthy",
  "belowTarget",
  "scheduled",
  "lapsed",
  "missing",
  "excluded",
] as const satisfies readonly PairStatus[];

/** Statuses an admin should act on: nothing held within the floor, or held but off the bi-weekly target. */
export const NEEDS_ACTION_STATUSES = [
  "missing",
  "lapsed",
  "belowTarget",
] as const satisfies readonly PairStatus[];

const filterValue = z
  .string()
  .trim()
  .max(256, "at most 256 characters")
  .transform((v) => (v === "" ? undefined : v))
  .optional();

/** The report's filters as the query string gives them; empty means "all". */
export const reportFiltersSchema = z.object({
  /** The report's department, compared case-insensitively. */
  department: filterValue,
  /** The manager's id, UPN or display name, compared case-insensitively. */
  manager: filterValue,
});
export type ReportFilters = z.output<typeof reportFiltersSchema>;

export type StatusCounts = Record<PairStatus, number>;

/** Share of counted pairs that are healthy; excluded pairs are not counted (they cannot meet). */
export interface Health {
  healthy: number;
  /** Pairs in the denominator: every pair except excluded ones. */
  counted: number;
  excluded: number;
  /** One decimal, or null when no pair counts. */
  percent: number | null;
}

export interface ReportPair {
  managerId: string;
  managerUpn: string;
  managerName: string;
  reportId: string;
  reportUpn: string;
  reportName: string;
  department: string | null;
  status: PairStatus;
  lastHeld: string | null;
  nextScheduled: string | null;
  /** Whole days from the last held 1:1 to the scan's instant; null when none was held in the lookback. */
  gapDays: number | null;
  cadenceDays: number | null;
  reason: string;
  /** The pair's series proposal in a few words ("proposed Tue 10:00 Europe/Rome", "series created …"), or null. */
  proposal: string | null;
}

export interface ManagerSummary {
  managerId: string;
  managerUpn: string;
  name: string;
  /** Direct reports Cadence found (pairs, including excluded ones). */
  directs: number;
  counts: StatusCounts;
  health: Health;
  /** The longest gap among pairs that held a 1:1 in the lookback (null when none did). */
  longestGapDays: number | null;
  /** Counted pairs with no 1:1 held in the lookback at all: a gap longer than any number above. */
  noneHeld: number;
  /** Departments of the directs, for filtering. */
  departments: string[];
  /** Against the previous complete scan; null when the manager was not in it (or there was none). */
  change: { healthPoints: number | null; needsAction: number } | null;
}

export interface DepartmentSummary {
  name: string;
  pairs: number;
  counts: StatusCounts;
  health: Health;
}

export interface TrendPoint {
  runId: string;
  /** The instant the scan classified at. */
  at: string;
  health: Health;
}

export interface ReportModel {
  generatedAt: string;
  scan: {
    runId: string;
    at: string;
    finishedAt: string | null;
    pairs: number;
    errors: number;
    /** Shards the scan completed without (their pairs are missing from the report), one line each. */
    skipped: string[];
  };
  previousScan: { runId: string; at: string } | null;
  filters: { department: string | null; manager: string | null };
  /** Departments with fewer pairs than this get no row of their own (data minimisation). */
  minGroupSize: number;
  totals: StatusCounts & { pairs: number };
  health: Health;
  /** Percentage points against the previous complete scan (same filters), null without one. */
  healthChange: number | null;
  managers: ManagerSummary[];
  departments: DepartmentSummary[];
  /** Departments left out for being smaller than minGroupSize, and their pairs. */
  hiddenDepartments: { departments: number; pairs: number };
  /** Every department in the (filtered) pairs, for the filter list. */
  departmentNames: string[];
  /** missing, lapsed and belowTarget pairs, longest gap first (none held at all first of all). */
  needsAction: ReportPair[];
  /** Every pair (filtered), ordered by manager then report. */
  pairs: ReportPair[];
  /** Organisation-wide health per complete scan, oldest first (filters do not apply: runs keep only totals). */
  trend: TrendPoint[];
  notes: string[];
}
