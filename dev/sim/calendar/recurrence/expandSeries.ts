// Expands a Graph series master into its occurrences with Exchange's semantics: the pattern is evaluated on local
// dates in the recurrence time zone, each occurrence keeps the master's local start time there (so its UTC time
// moves across DST) and the master's duration.
import type { DateTimeTimeZone, PatternedRecurrence } from "@microsoft/microsoft-graph-types";
import { toIanaZone, zonedToUtc, zoneOffsetMinutes } from "../../../../shared/domain/timeZone.js";
import { dayFromIsoDate, isoDateFromDay, ymdFromDay } from "./calendarDay.js";
import { compileOccurrenceRule, occurrenceDays } from "./occurrenceDays.js";
import { parseRecurrence } from "./validateRecurrence.js";
import { type WallTime, wallTimeToUtc } from "./wallTimeToUtc.js";

export { validateRecurrence } from "./validateRecurrence.js";

export interface SeriesOccurrence {
  /** The occurrence's original local start date in the recurrence time zone, yyyy-MM-dd (the key Exchange uses
   *  for exceptions/cancellations in our fixture format). */
  originalDate: string;
  /** Original (unmoved) start and end as UTC instants. */
  start: Date;
  end: Date;
}

const DAY_MS = 86_400_000;

type Series = {
  start: DateTimeTimeZone;
  end: DateTimeTimeZone;
  isAllDay?: boolean;
  recurrence: PatternedRecurrence;
};

/** Occurrences of a series whose [start, end) overlaps [windowStart, windowEnd), in start order. A zero-length
 *  occurrence counts when it starts inside the window. Cost grows with the occurrences in the window, not with
 *  the distance from the series start. */
export function expandSeries(series: Series, windowStart: Date, windowEnd: Date): SeriesOccurrence[] {
  const { rule, zone, shape } = prepare(series);
  if (!(windowEnd.getTime() > windowStart.getTime())) return [];
  // Widen by the duration so an occurrence that began before the window but still runs into it is found.
  const fromDay = localDay(windowStart, zone) - Math.ceil(shape.spanMs / DAY_MS) - 1;
  const toDay = localDay(windowEnd, zone);
  const occurrences: SeriesOccurrence[] = [];
  for (const day of occurrenceDays(rule, fromDay, toDay)) {
    const occurrence = occurrenceOn(day, shape, zone);
    const start = occurrence.start.getTime();
    const end = occurrence.end.getTime();
    const overlaps =
      start < windowEnd.getTime() &&
      (end > windowStart.getTime() || (end === start && start >= windowStart.getTime()));
    if (overlaps) occurrences.push(occurrence);
  }
  return occurrences;
}

/**
 * The series' first occurrence and, unless the range is noEnd, its last, computed directly (no expansion in
 * between): lets a store bound a series for window tests. undefined when the range holds no occurrence
 * (an endDate before the first date that fits the pattern).
 */
export function seriesExtent(
  series: Series,
): { first: SeriesOccurrence; last?: SeriesOccurrence } | undefined {
  const { rule, zone, shape } = prepare(series);
  if (rule.firstDay > rule.lastDay) return undefined;
  const first = occurrenceOn(rule.firstDay, shape, zone);
  if (!Number.isFinite(rule.lastDay)) return { first };
  // The longest possible gap between two occurrences, looking back from the range's last day.
  const i = rule.interval;
  const gap = { daily: i, weekly: 7 * i + 7, absoluteMonthly: 38 * i, relativeMonthly: 38 * i }[
    rule.type as string
  ];
  const days = occurrenceDays(rule, rule.lastDay - (gap ?? 372 * i), rule.lastDay);
  return { first, last: occurrenceOn(days.at(-1) ?? rule.firstDay, shape, zone) };
}

function prepare(series: Series) {
  const recurrence = parseRecurrence(series.recurrence);
  const zone = toIanaZone(recurrence.range.recurrenceTimeZone || series.start.timeZone || "UTC");
  const rule = compileOccurrenceRule(recurrence);
  const shape = series.isAllDay ? allDayShape(series) : timedShape(series, zone);
  return { rule, zone, shape };
}

function occurrenceOn(day: number, shape: OccurrenceShape, zone: string): SeriesOccurrence {
  const { start, end } = shape.instants(day, zone);
  return { originalDate: isoDateFromDay(day), start: new Date(start), end: new Date(end) };
}

interface OccurrenceShape {
  /** Upper bound of an occurrence's length, for widening the window. */
  spanMs: number;
  instants(day: number, zone: string): { start: number; end: number };
}

function timedShape(
  series: { start: DateTimeTimeZone; end: DateTimeTimeZone },
  zone: string,
): OccurrenceShape {
  const start = wallIn(series.start, zone);
  // Wall-clock length in the recurrence zone: equals the elapsed length unless the master itself spans a DST
  // change; added as elapsed time so a shifted start (spring-forward gap) never ends before it begins.
  const durationMs = Math.max(0, wallMs(wallIn(series.end, zone)) - wallMs(start));
  const { hour, minute, second, millisecond } = start;
  return {
    spanMs: durationMs,
    instants(day, occurrenceZone) {
      const start = wallTimeToUtc(
        { ...ymdFromDay(day), hour, minute, second, millisecond },
        occurrenceZone,
      ).getTime();
      return { start, end: start + durationMs };
    },
  };
}

/** A Graph local time as a wall-clock reading in `zone`. Read verbatim when already in that zone, so a master
 *  that itself sits in a DST gap or repeated hour keeps its written time of day for the other occurrences. */
function wallIn(value: DateTimeTimeZone, zone: string): WallTime {
  const local = toGraphLocal(value);
  const written = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?Z?$/.exec(
    local.dateTime,
  );
  if (!written) throw new RangeError(`Invalid dateTime "${local.dateTime}"`);
  if (toIanaZone(local.timeZone) === zone) {
    const [, year, month, day, hour, minute, second, fraction] = written.map(Number);
    return {
      year: year!,
      month: month!,
      day: day!,
      hour: hour!,
      minute: minute!,
      second: second || 0,
      millisecond: fraction ? Number(written[7]!.padEnd(3, "0")) : 0,
    };
  }
  const instant = zonedToUtc(local).getTime();
  const wall = new Date(instant + zoneOffsetMinutes(zone, instant) * 60_000);
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    millisecond: wall.getUTCMilliseconds(),
  };
}

function allDayShape(series: { start: DateTimeTimeZone; end: DateTimeTimeZone }): OccurrenceShape {
  // All-day events are whole local dates: span the same number of days, each from local midnight to midnight.
  const days = Math.max(
    1,
    dayFromIsoDate(series.end.dateTime ?? "") - dayFromIsoDate(series.start.dateTime ?? ""),
  );
  return {
    spanMs: days * DAY_MS + DAY_MS,
    instants(day, zone) {
      const midnight = (d: number) => wallTimeToUtc({ ...ymdFromDay(d), hour: 0, minute: 0 }, zone).getTime();
      return { start: midnight(day), end: midnight(day + days) };
    },
  };
}

function toGraphLocal(value: DateTimeTimeZone): { dateTime: string; timeZone: string } {
  if (!value.dateTime) throw new RangeError("A series needs start.dateTime and end.dateTime");
  return { dateTime: value.dateTime, timeZone: value.timeZone || "UTC" };
}

function wallMs(w: WallTime): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second ?? 0, w.millisecond ?? 0);
}

function localDay(instant: Date, zone: string): number {
  return Math.floor((instant.getTime() + zoneOffsetMinutes(zone, instant) * 60_000) / DAY_MS);
}
