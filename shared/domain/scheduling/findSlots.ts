// The slot finder (DESIGN.md "Scheduling rules"): every weekly time whose first three occurrences suit both people.
import { toIanaZone, zoneOffsetReader } from "../timeZone.js";
import {
  type Slot,
  type SlotRequest,
  type SlotSearch,
  WEEKDAYS_BY_UTC_DAY,
  type Weekday,
  type WorkingHours,
} from "./slotTypes.js";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const OCCURRENCES = 3;
const STEP_MINUTES = 30;
const WEEKDAYS = WEEKDAYS_BY_UTC_DAY;
const BLOCKING = new Set(["busy", "tentative", "oof"]);

/**
 * Finds up to `limit` weekly times for a bi-weekly 1:1, best first.
 *
 * Rules are filters, preferences only order: every valid weekly time is scored and the best are returned, so a
 * pair whose only common time is Friday 16:30 still gets it. One slot per weekly time (weekday + manager-local time)
 * is kept — the same time a week later is the same proposal to a person — and alternatives are taken from other
 * weekdays first, so "Tuesday 10:00, 10:30, 11:00" only appears when no other weekday works.
 * A wall-clock time that does not exist in the manager's zone on one of its occurrences (a spring-forward gap) is
 * not a candidate: the series would not keep its time.
 */
export function findSlots(request: SlotRequest): SlotSearch {
  const duration = (request.durationMinutes ?? 30) * MINUTE_MS;
  const interval = (request.intervalDays ?? 14) * DAY_MS;
  const notBefore = request.now.getTime() + (request.minNoticeHours ?? 24) * HOUR_MS;
  const notAfter = request.now.getTime() + (request.horizonDays ?? 14) * DAY_MS;
  const limit = request.limit ?? 3;
  // Every instant the search reads lies in this range: offsets inside it come from one small transition list.
  const from = request.now.getTime() - 2 * DAY_MS;
  const to = notAfter + (OCCURRENCES - 1) * interval + duration + 2 * DAY_MS;
  const managerOffset = zoneOffsetReader(request.manager.timeZone, from, to);
  const manager = hoursOf(request.manager.workingHours, from, to);
  const report = hoursOf(request.report.workingHours, from, to);
  const people = [manager, report];
  const busy = timeline(
    [...request.manager.busy, ...request.report.busy]
      .filter((item) => BLOCKING.has(item.status))
      .map((item): [number, number] => [item.start.getTime(), item.end.getTime()]),
  );
  const taken = timeline(
    (request.taken ?? []).flatMap((slot) =>
      slot.occurrences.map((o): [number, number] => [o.start.getTime(), o.end.getTime()]),
    ),
  );
  const starts = new Float64Array(OCCURRENCES);

  // Keyed by weekday * 1440 + manager-local minute: one slot per weekly time.
  const best = new Map<number, Slot>();
  let insideHours = 0;
  let freeOfBusy = 0;
  const firstDay = Math.floor(
    (request.now.getTime() + managerOffset(request.now.getTime()) * MINUTE_MS) / DAY_MS,
  );
  const lastDay = Math.floor((notAfter + managerOffset(notAfter) * MINUTE_MS) / DAY_MS);
  // When the manager's hours are in the mailbox zone and don't pass midnight, the candidate's wall time is read in
  // that zone directly: days off and times outside [start, end] can be skipped before any offset is read. The end
  // keeps an hour of slack for a DST change inside the meeting.
  const sameZone =
    toIanaZone(request.manager.workingHours.timeZone) === toIanaZone(request.manager.timeZone) &&
    manager.end <= 24 * 60;
  const durationMinutes = duration / MINUTE_MS;
  for (let day = firstDay; day <= lastDay; day++) {
    const date = new Date(day * DAY_MS);
    if (sameZone && !manager.days[date.getUTCDay()]) continue;
    for (let minute = 0; minute < 24 * 60; minute += STEP_MINUTES) {
      if (sameZone && (minute < manager.start || minute + durationMinutes - 60 > manager.end)) continue;
      let inside = 0;
      for (; inside < OCCURRENCES; inside++) {
        const start = wallToUtc(day * DAY_MS + inside * interval + minute * MINUTE_MS, managerOffset);
        if (start === undefined) break;
        if (inside === 0 && (start < notBefore || start >= notAfter)) break;
        const end = start + duration;
        if (Number.isNaN(placeInHours(start, end, manager)) || Number.isNaN(placeInHours(start, end, report)))
          break;
        starts[inside] = start;
      }
      if (inside < OCCURRENCES) continue;
      insideHours++;
      if (anyOverlaps(busy, starts, duration)) continue;
      freeOfBusy++;
      if (anyOverlaps(taken, starts, duration)) continue;
      const score = scoreOf(starts, duration, people);
      const key = date.getUTCDay() * 24 * 60 + minute;
      const kept = best.get(key);
      if (kept && kept.score >= score) continue;
      const occurrences = [...starts].map((start) => ({
        start: new Date(start),
        end: new Date(start + duration),
      }));
      best.set(key, {
        start: occurrences[0]!.start,
        end: occurrences[0]!.end,
        weekday: WEEKDAYS[date.getUTCDay()]!,
        localTime: hhmm(minute),
        occurrences,
        score,
      });
    }
  }

  if (best.size === 0) return { ok: false, code: "SLOT.NONE_FOUND", reason: noSlotReason() };
  const ranked = [...best.values()].sort(
    (a, b) => b.score - a.score || a.start.getTime() - b.start.getTime(),
  );
  const chosen: Slot[] = [];
  const days = new Set<Weekday>();
  for (const slot of ranked) {
    if (chosen.length >= limit) break;
    if (days.has(slot.weekday)) continue;
    chosen.push(slot);
    days.add(slot.weekday);
  }
  for (const slot of ranked) {
    if (chosen.length >= limit) break;
    if (!chosen.includes(slot)) chosen.push(slot);
  }
  chosen.sort((a, b) => b.score - a.score || a.start.getTime() - b.start.getTime());
  return { ok: true, slots: chosen };

  function noSlotReason(): string {
    const minutes = request.durationMinutes ?? 30;
    const hours = `${describeHours(request.manager.workingHours)} and ${describeHours(request.report.workingHours)}`;
    const window = `first occurrence between ${new Date(notBefore).toISOString()} and ${new Date(notAfter).toISOString()}`;
    if (insideHours === 0)
      return `no ${minutes}-minute time is inside ${hours} on all of the first three occurrences (${window})`;
    if (freeOfBusy === 0)
      return `every ${minutes}-minute time inside ${hours} on all of the first three occurrences overlaps a busy, tentative or out-of-office item of one of them (${window})`;
    return `every ${minutes}-minute time inside ${hours} that is free on all of the first three occurrences collides with this manager's other proposals (${window})`;
  }
}

interface Hours {
  offset: (instant: number) => number;
  /** Indexed like `Date#getUTCDay()`. */
  days: readonly boolean[];
  /** Minutes after local midnight; `end` may exceed 1440 when the hours run past midnight. */
  start: number;
  end: number;
}

function hoursOf(hours: WorkingHours, from: number, to: number): Hours {
  const start = minutesOf(hours.startTime);
  let end = minutesOf(hours.endTime);
  // Graph has no overnight working hours, but "00:00" as an end means midnight; anything not after the start wraps.
  if (end <= start) end += 24 * 60;
  const days = WEEKDAYS.map((d) => hours.daysOfWeek.includes(d));
  return { offset: zoneOffsetReader(hours.timeZone, from, to), days, start, end };
}

/**
 * Where [start, end) falls in the person's working hours: minutes from the working day's local midnight to the
 * start, or NaN when it is not wholly inside one day's hours. Both ends are read in local time as they fall, so a
 * DST change inside the meeting counts.
 */
function placeInHours(start: number, end: number, hours: Hours): number {
  const localStart = start + hours.offset(start) * MINUTE_MS;
  const day = Math.floor(localStart / DAY_MS);
  const from = (localStart - day * DAY_MS) / MINUTE_MS;
  const to = from + (end - start) / MINUTE_MS + hours.offset(end) - hours.offset(start);
  // Day 0 of the epoch was a Thursday.
  const weekday = (((day + 4) % 7) + 7) % 7;
  if (hours.days[weekday] && hours.start <= from && to <= hours.end) return from;
  const shift = 24 * 60;
  if (hours.days[(weekday + 6) % 7] && hours.start <= from + shift && to + shift <= hours.end)
    return from + shift;
  return Number.NaN;
}

/** Preference only: centred in the shared hours, away from each person's first/last hour and 12:00–13:00 local. */
function scoreOf(starts: Float64Array, duration: number, people: readonly Hours[]): number {
  let total = 0;
  for (const s of starts) {
    const e = s + duration;
    let sharedStart = Number.NEGATIVE_INFINITY;
    let sharedEnd = Number.POSITIVE_INFINITY;
    let penalties = 0;
    for (const hours of people) {
      const from = placeInHours(s, e, hours);
      const to = from + (e - s) / MINUTE_MS + hours.offset(e) - hours.offset(s);
      sharedStart = Math.max(sharedStart, s - (from - hours.start) * MINUTE_MS);
      sharedEnd = Math.min(sharedEnd, s + (hours.end - from) * MINUTE_MS);
      if (from < hours.start + 60 || to > hours.end - 60) penalties++;
      // Noon of the working day, or of the next one when the hours run past midnight.
      if (from < 13 * 60 && 12 * 60 < to) penalties++;
      if (from < 37 * 60 && 36 * 60 < to) penalties++;
    }
    const half = (sharedEnd - sharedStart) / 2;
    const offCentre = half > 0 ? Math.abs((s + e) / 2 - (sharedStart + half)) / half : 1;
    total += 100 + 10 * (1 - Math.min(1, offCentre)) - 15 * penalties;
  }
  return Math.round((total / starts.length) * 100) / 100;
}

/** Merged, sorted intervals nothing may overlap. */
function timeline(intervals: [number, number][]): { starts: number[]; ends: number[] } {
  intervals.sort((a, b) => a[0] - b[0]);
  const starts: number[] = [];
  const ends: number[] = [];
  for (const [s, e] of intervals) {
    if (e <= s) continue;
    const last = ends.length - 1;
    if (last >= 0 && s <= ends[last]!) ends[last] = Math.max(ends[last]!, e);
    else {
      starts.push(s);
      ends.push(e);
    }
  }
  return { starts, ends };
}

function anyOverlaps(timeline: { starts: number[]; ends: number[] }, starts: Float64Array, duration: number) {
  for (const start of starts) if (overlaps(timeline, start, start + duration)) return true;
  return false;
}

function overlaps(timeline: { starts: number[]; ends: number[] }, start: number, end: number): boolean {
  // First interval ending after `start`; the ends of merged intervals are sorted too.
  let lo = 0;
  let hi = timeline.ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (timeline.ends[mid]! <= start) lo = mid + 1;
    else hi = mid;
  }
  return lo < timeline.starts.length && timeline.starts[lo]! < end;
}

/**
 * The instant a manager-local wall time (as UTC-epoch milliseconds) denotes: the earlier one in a repeated hour,
 * none in a spring-forward gap (a series there would not keep its wall-clock time).
 */
function wallToUtc(wall: number, offset: (instant: number) => number): number | undefined {
  const before = offset(wall - DAY_MS);
  const after = offset(wall + DAY_MS);
  const early = wall - Math.max(before, after) * MINUTE_MS;
  if (offset(early) === Math.max(before, after)) return early;
  const late = wall - Math.min(before, after) * MINUTE_MS;
  return before !== after && offset(late) === Math.min(before, after) ? late : undefined;
}

function minutesOf(time: string): number {
  const [h = "0", m = "0"] = time.split(":");
  return Number.parseInt(h, 10) * 60 + Number.parseInt(m, 10);
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

const SHORT_DAYS: Record<Weekday, string> = {
  monday: "Mon",
  tuesday: "Tue",
  wednesday: "Wed",
  thursday: "Thu",
  friday: "Fri",
  saturday: "Sat",
  sunday: "Sun",
};

function describeHours(hours: WorkingHours): string {
  const text = `${hours.startTime}–${hours.endTime} ${toIanaZone(hours.timeZone)}`;
  const weekdays = new Set(hours.daysOfWeek);
  const monToFri =
    weekdays.size === 5 &&
    (["monday", "tuesday", "wednesday", "thursday", "friday"] as const).every((d) => weekdays.has(d));
  if (monToFri) return text;
  const order: Weekday[] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
  const listed = order.filter((d) => weekdays.has(d)).map((d) => SHORT_DAYS[d]);
  return `${text} (${listed.length ? listed.join(", ") : "no working days"})`;
}
