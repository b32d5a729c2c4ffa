// DESIGN.md's cadence policy applied to the generator's own plans, so a plant is only kept when it has the
// status it was meant to have — also two days either side of `now`, which keeps plants off every threshold.
import type { PairStatus } from "./groundTruth.js";
import type { PlannedEvent } from "./plannedEvent.js";

export const PLANT_POLICY = {
  targetDays: 14,
  floorDays: 31,
  lookbackDays: 90,
  lookaheadDays: 35,
  toleranceDays: 3,
  /** Distance every plant keeps from every threshold that decides its status. */
  marginDays: 2,
} as const;

const DAY = 86_400_000;

export function plannedStatus(events: readonly PlannedEvent[], now: number): Exclude<PairStatus, "excluded"> {
  const p = PLANT_POLICY;
  const windowStart = now - p.lookbackDays * DAY;
  const windowEnd = now + p.lookaheadDays * DAY;
  const meetings = events
    .flatMap((event) =>
      event.occurrences
        .filter((o) => o.counts && o.start >= windowStart && o.start <= windowEnd)
        .map((o) => ({ start: o.start, event })),
    )
    .sort((a, b) => a.start - b.start);
  const held = meetings.filter((m) => m.start < now);
  const upcoming = meetings.filter((m) => m.start > now);
  const floorStart = now - p.floorDays * DAY;
  const heldInFloor = held.some((m) => m.start >= floorStart);

  const activeSeries = events.filter((e) => e.series && upcoming.some((m) => m.event === e));
  let rhythm: number | undefined;
  if (activeSeries.length > 0) rhythm = Math.min(...activeSeries.map((e) => e.series!.intervalDays));
  else if (meetings.length >= 2) {
    const gaps = meetings.slice(1).map((m, i) => (m.start - meetings[i]!.start) / DAY);
    rhythm = median(gaps);
  }
  const healthyLimit = p.targetDays + p.toleranceDays;
  const bookedSoon = upcoming.some((m) => m.start <= now + healthyLimit * DAY);
  if (heldInFloor && rhythm !== undefined && rhythm <= healthyLimit && bookedSoon) return "healthy";
  if (heldInFloor) return "belowTarget";
  if (upcoming.some((m) => m.event.created >= floorStart)) return "scheduled";
  if (held.length > 0) return "lapsed";
  if (events.some((e) => e.series?.cancelledOrDeclined && e.created < floorStart)) return "lapsed";
  return "missing";
}

/** The status at `now`, and the same status two days earlier and later (else the plant sits on a threshold). */
export function stableStatus(events: readonly PlannedEvent[], now: number): PairStatus | undefined {
  const at = plannedStatus(events, now);
  const margin = PLANT_POLICY.marginDays * DAY;
  if (plannedStatus(events, now - margin) !== at || plannedStatus(events, now + margin) !== at)
    return undefined;
  return at;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
