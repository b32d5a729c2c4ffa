// Renders a plan for tools (the issue-9 JSON contract) and for people (a table).
import { DateTime } from "luxon";
import type { CadencePolicy } from "../shared/domain/cadencePolicy.js";
import type { ProposedSlot } from "../shared/domain/seriesProposal.js";
import type { PlanSeriesResult } from "../shared/usecases/planSeries.js";
import type { SchedulingSettings } from "../shared/usecases/ports/schedulingPorts.js";

export interface PlanSlotJson {
  start: string;
  end: string;
  managerTimeZone: string;
  reportTimeZone: string;
  managerLocal: string;
  reportLocal: string;
}

export interface PlanJson {
  generatedAt: string;
  policy: CadencePolicy & Omit<SchedulingSettings, "excludedUsers">;
  proposals: Array<{
    managerUpn: string;
    reportUpn: string;
    status: string;
    outcome: string;
    slots: PlanSlotJson[];
    seriesId: string | null;
    reason: string;
  }>;
}

export function planToJson(
  plan: PlanSeriesResult,
  policy: CadencePolicy,
  settings: Omit<SchedulingSettings, "excludedUsers">,
): PlanJson {
  return {
    generatedAt: plan.generatedAt,
    policy: { ...policy, ...settings, mode: plan.mode },
    proposals: sorted(plan).map((e) => ({
      managerUpn: e.managerUpn,
      reportUpn: e.reportUpn,
      status: e.status,
      outcome: e.outcome,
      slots: e.slots.map(slotJson),
      seriesId: e.seriesId,
      reason: e.reason,
    })),
  };
}

/** ISO local time with offset, e.g. 2027-03-01T15:00:00+01:00. */
function local(instant: string, zone: string): string {
  return DateTime.fromISO(instant, { zone }).toISO({ suppressMilliseconds: true })!;
}

function slotJson(s: ProposedSlot): PlanSlotJson {
  return {
    start: s.start,
    end: s.end,
    managerTimeZone: s.managerTimeZone,
    reportTimeZone: s.reportTimeZone,
    managerLocal: local(s.start, s.managerTimeZone),
    reportLocal: local(s.start, s.reportTimeZone),
  };
}

function sorted(plan: PlanSeriesResult) {
  return [...plan.entries].sort(
    (a, b) => a.managerUpn.localeCompare(b.managerUpn) || a.reportUpn.localeCompare(b.reportUpn),
  );
}

/** Aligned columns: who, the scan's status, the outcome, the best time in both people's zones, the reason. */
export function planToTable(plan: PlanSeriesResult): string {
  const when = (s: ProposedSlot | undefined) => {
    if (!s) return "-";
    const m = DateTime.fromISO(s.start, { zone: s.managerTimeZone });
    const r = DateTime.fromISO(s.start, { zone: s.reportTimeZone });
    return `${m.toFormat("ccc dd LLL HH:mm")} ${s.managerTimeZone} / ${r.toFormat("ccc HH:mm")} ${s.reportTimeZone}`;
  };
  const rows = [
    ["MANAGER", "REPORT", "STATUS", "OUTCOME", "BEST TIME (MANAGER / REPORT)", "REASON"],
    ...sorted(plan).map((e) => [e.managerUpn, e.reportUpn, e.status, e.outcome, when(e.slots[0]), e.reason]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...r[i]!].length)));
  return `${rows
    .map((r) =>
      r
        .map((cell, i) =>
          i === r.length - 1 ? cell : cell.padEnd(widths[i]! + cell.length - [...cell].length),
        )
        .join("  "),
    )
    .join("\n")}\n`;
}
