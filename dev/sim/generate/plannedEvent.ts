// One generated calendar event: the fixture entry the simulator loads, plus the occurrences the generator
// expects from it, so a plant can be checked against the policy before it is written.
import { DateTime } from "luxon";
import { toIanaZone } from "../../../shared/domain/timeZone.js";
import type { FixtureEventEntry } from "../fixture.js";
import type { Person } from "./orgChart.js";
import type { Weekday } from "./sites.js";

export type WeekIndex = "first" | "second" | "third" | "fourth" | "last";

export type RangeSpec =
  | { type: "noEnd" }
  | { type: "endDate"; endDate: string }
  | { type: "numbered"; numberOfOccurrences: number };

export type RecurrenceSpec =
  | { type: "weekly"; interval: number; daysOfWeek: Weekday[]; firstDayOfWeek: Weekday; range: RangeSpec }
  | { type: "absoluteMonthly"; interval: number; dayOfMonth: number; range: RangeSpec }
  | { type: "relativeMonthly"; interval: number; daysOfWeek: [Weekday]; index: WeekIndex; range: RangeSpec };

export interface Invitee {
  person?: Person;
  /** For rooms, which are not users. */
  address?: string;
  name?: string;
  type: "required" | "optional" | "resource";
}

export interface EventSpec {
  organizer: Person;
  /** Fixtures may name the organizer's mailbox by id or by UPN; the generator uses both. */
  mailboxBy: "id" | "upn";
  subject: string;
  invitees: Invitee[];
  /** First occurrence, local wall-clock time in the organizer's zone (floating, see `localDay`). */
  start: DateTime;
  minutes: number;
  /** Whole days, starting at `start`'s local midnight. */
  allDayDays?: number;
  recurrence?: RecurrenceSpec;
  /** A real instant. */
  created?: DateTime;
  showAs?: "free" | "tentative" | "busy" | "oof" | "workingElsewhere";
  isCancelled?: boolean;
  online?: boolean;
  /** Moves: original occurrence start → new start (same duration). */
  moves?: Array<{ original: DateTime; to: DateTime }>;
  /** Local dates (`yyyy-MM-dd`) of cancelled occurrences. */
  cancelledDates?: string[];
  /** UPN → response for the whole series. */
  responses?: Record<string, "accepted" | "tentativelyAccepted" | "declined">;
}

export interface Occurrence {
  start: number;
  /** Local wall-clock start in the organizer's zone (floating epoch ms, see `localDay`). */
  local: number;
  /** Is this occurrence a 1:1 of the pair it was planted for (per DESIGN.md's definition)? */
  counts: boolean;
}

export interface PlannedEvent {
  entry: FixtureEventEntry;
  created: number;
  occurrences: Occurrence[];
  /** Present for series: the rhythm it sets and whether any of it is cancelled or declined by the pair. */
  series?: { intervalDays: number; cancelledOrDeclined: boolean };
}

const WEEKDAYS: readonly Weekday[] = [
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
  "sunday",
];

export function weekdayOf(dt: DateTime | number): Weekday {
  if (typeof dt !== "number") return WEEKDAYS[dt.weekday - 1]!;
  // 1970-01-01, day 0 of floating time, was a Thursday.
  return WEEKDAYS[(Math.floor(dt / DAY_MS) + 3) % 7]!;
}

export function isoWeekday(day: Weekday): number {
  return WEEKDAYS.indexOf(day) + 1;
}

/*
 * Local wall-clock times are "floating" DateTimes in UTC: calendar arithmetic on them needs no Intl time-zone
 * lookups, which otherwise dominate generation time. `instantOf` converts one to a real instant, cached.
 */
const DAY_MS = 86_400_000;
const todayCache = new Map<string, number>();
const instantCache = new Map<string, number>();
const offsetCache = new Map<string, number>();

/** Midnight of `now`'s local date in a zone, plus whole days, as a floating local time. */
export function localDay(now: DateTime, timeZone: string, plusDays = 0): DateTime {
  return DateTime.fromMillis(localDayMillis(now, timeZone, plusDays), { zone: "utc" });
}

export function localDayMillis(now: DateTime, timeZone: string, plusDays = 0): number {
  const key = `${timeZone}|${now.toMillis()}`;
  let today = todayCache.get(key);
  if (today === undefined) {
    today = DateTime.fromISO(now.setZone(toIanaZone(timeZone)).toISODate()!, { zone: "utc" }).toMillis();
    todayCache.set(key, today);
  }
  return today + plusDays * DAY_MS;
}

/** The instant (epoch ms) a floating local time denotes in a zone; a DST gap moves forward, as Exchange does. */
export function instantOf(timeZone: string, local: DateTime | number): number {
  const ms = typeof local === "number" ? local : local.toMillis();
  const msOfDay = ((ms % DAY_MS) + DAY_MS) % DAY_MS;
  // Every DST change of the generated zones happens before 04:00 local, so from then on a day has one offset.
  if (msOfDay >= 4 * 3_600_000) {
    const dayStart = ms - msOfDay;
    const key = `${timeZone}|${dayStart}`;
    let offsetMs = offsetCache.get(key);
    if (offsetMs === undefined) {
      offsetMs = exactInstant(timeZone, dayStart + 12 * 3_600_000) - (dayStart + 12 * 3_600_000);
      offsetCache.set(key, offsetMs);
    }
    return ms + offsetMs;
  }
  const key = `${timeZone}|${ms}`;
  let instant = instantCache.get(key);
  if (instant === undefined) {
    instant = exactInstant(timeZone, ms);
    instantCache.set(key, instant);
  }
  return instant;
}

function exactInstant(timeZone: string, ms: number): number {
  const { year, month, day, hour, minute } = DateTime.fromMillis(ms, { zone: "utc" });
  return DateTime.fromObject({ year, month, day, hour, minute }, { zone: toIanaZone(timeZone) }).toMillis();
}

export function instantDateTime(timeZone: string, local: DateTime): DateTime {
  return DateTime.fromMillis(instantOf(timeZone, local), { zone: "utc" });
}

/** The same local date at a wall-clock `HH:mm`. */
export function atTime(day: DateTime, time: string): DateTime {
  const [hour, minute] = time.split(":").map(Number) as [number, number];
  return day.set({ hour, minute, second: 0, millisecond: 0 });
}

export function graphLocal(dt: DateTime): string {
  // Floating times are UTC DateTimes, so the ISO string is the local wall-clock time.
  return `${new Date(dt.toMillis()).toISOString().slice(0, 19)}.0000000`;
}

export function utcIso(dt: DateTime): string {
  return dt.toUTC().toISO({ suppressMilliseconds: true })!;
}

/** Builds the fixture entry and, when `pair` is given, the occurrences as that pair's 1:1 candidates. */
export function planEvent(
  spec: EventSpec,
  pair?: { manager: Person; report: Person },
  until?: DateTime,
): PlannedEvent {
  const zone = spec.organizer.site.timeZone;
  const start = spec.allDayDays ? spec.start.startOf("day") : spec.start;
  const end = spec.allDayDays ? start.plus({ days: spec.allDayDays }) : start.plus({ minutes: spec.minutes });
  const created = spec.created ?? instantDateTime(zone, start);
  const event: FixtureEventEntry["event"] = {
    subject: spec.subject,
    start: { dateTime: graphLocal(start), timeZone: zone },
    end: { dateTime: graphLocal(end), timeZone: zone },
    attendees: spec.invitees.map((invitee) => ({
      type: invitee.type,
      emailAddress: {
        address: invitee.person?.upn ?? invitee.address!,
        name: invitee.person?.displayName ?? invitee.name ?? invitee.address!,
      },
    })),
  };
  if (spec.recurrence) event.recurrence = graphRecurrence(spec.recurrence, start, zone);
  if (spec.allDayDays) event.isAllDay = true;
  if (spec.isCancelled) event.isCancelled = true;
  if (spec.showAs) event.showAs = spec.showAs;
  if (spec.online) {
    event.isOnlineMeeting = true;
    event.onlineMeetingProvider = "teamsForBusiness";
  }
  if (spec.created) event.createdDateTime = utcIso(spec.created);
  const entry: FixtureEventEntry = {
    mailbox: spec.mailboxBy === "id" ? spec.organizer.id : spec.organizer.upn,
    event,
    exceptions: (spec.moves ?? []).map((move) => ({
      originalStart: utcIso(instantDateTime(zone, move.original)),
      start: { dateTime: graphLocal(move.to), timeZone: zone },
      end: { dateTime: graphLocal(move.to.plus({ minutes: spec.minutes })), timeZone: zone },
    })),
    cancelledOccurrences: spec.cancelledDates ?? [],
    responses: spec.responses ?? {},
  };
  const planned: PlannedEvent = { entry, created: created.toMillis(), occurrences: [] };
  if (!pair) return planned;

  const people = new Set([
    spec.organizer.upn,
    ...spec.invitees.filter((i) => i.type !== "resource").map(key),
  ]);
  const exactPair = people.size === 2 && people.has(pair.manager.upn) && people.has(pair.report.upn);
  const declined =
    spec.responses?.[pair.manager.upn] === "declined" || spec.responses?.[pair.report.upn] === "declined";
  const counts = exactPair && !declined && !spec.allDayDays && !spec.isCancelled;
  const cancelled = new Set(spec.cancelledDates ?? []);
  for (const original of originalStarts(spec, until ?? start.plus({ years: 1 }))) {
    if (cancelled.size > 0 && cancelled.has(floatingDate(original))) continue;
    const moved = spec.moves?.find((move) => move.original.toMillis() === original);
    const local = moved ? moved.to.toMillis() : original;
    planned.occurrences.push({ start: instantOf(zone, local), local, counts });
  }
  if (spec.recurrence && exactPair && !spec.allDayDays) {
    planned.series = {
      intervalDays: intervalDays(spec.recurrence),
      cancelledOrDeclined: declined || cancelled.size > 0,
    };
  }
  return planned;
}

function key(invitee: Invitee): string {
  return invitee.person?.upn ?? invitee.address!;
}

export function intervalDays(recurrence: RecurrenceSpec): number {
  return recurrence.type === "weekly" ? 7 * recurrence.interval : 30 * recurrence.interval;
}

function graphRecurrence(recurrence: RecurrenceSpec, start: DateTime, zone: string) {
  const { range, ...pattern } = recurrence;
  return {
    pattern,
    range: {
      type: range.type,
      startDate: start.toISODate()!,
      ...(range.type === "endDate" ? { endDate: range.endDate } : {}),
      ...(range.type === "numbered" ? { numberOfOccurrences: range.numberOfOccurrences } : {}),
      recurrenceTimeZone: zone,
    },
  };
}

/** Floating local starts (epoch ms) of every occurrence up to `until`, before moves and cancellations. */
export function originalStarts(spec: EventSpec, until: DateTime): number[] {
  const start = spec.allDayDays ? spec.start.startOf("day") : spec.start;
  return spec.recurrence ? expand(spec.recurrence, start, until.toMillis()) : [start.toMillis()];
}

/** The local date (`yyyy-MM-dd`) of a floating local time. */
export function floatingDate(local: number): string {
  return new Date(local).toISOString().slice(0, 10);
}

/**
 * Original occurrence starts of the patterns the generator plants for pairs (their first occurrence is always
 * `start`). Wall-clock time is kept across DST changes, as Exchange does. Weekly series, the bulk, are plain
 * arithmetic on floating milliseconds: generating 10,000 users must take seconds.
 */
function expand(recurrence: RecurrenceSpec, start: DateTime, until: number): number[] {
  const out: number[] = [];
  const limit =
    recurrence.range.type === "numbered" ? recurrence.range.numberOfOccurrences : Number.POSITIVE_INFINITY;
  const end =
    recurrence.range.type === "endDate"
      ? DateTime.fromISO(recurrence.range.endDate, { zone: "utc" }).toMillis() + DAY_MS
      : Number.POSITIVE_INFINITY;
  const first = start.toMillis();
  const timeOfDay = first - start.startOf("day").toMillis();
  for (let k = 0; out.length < limit; k++) {
    let occurrence: number;
    if (recurrence.type === "weekly") {
      if (recurrence.daysOfWeek.length !== 1) throw new RangeError("pair series have one weekday");
      occurrence = first + 7 * recurrence.interval * k * DAY_MS;
    } else {
      const month = start.startOf("day").plus({ months: recurrence.interval * k });
      const day =
        recurrence.type === "absoluteMonthly"
          ? month.set({ day: recurrence.dayOfMonth })
          : nthWeekday(month, recurrence);
      occurrence = day.toMillis() + timeOfDay;
    }
    if (occurrence > until || occurrence >= end) break;
    out.push(occurrence);
  }
  return out;
}

export function nthWeekday(
  inMonth: DateTime,
  recurrence: { daysOfWeek: [Weekday]; index: WeekIndex },
): DateTime {
  const first = inMonth.startOf("month");
  const wanted = isoWeekday(recurrence.daysOfWeek[0]);
  const firstMatch = first.plus({ days: (wanted - first.weekday + 7) % 7 });
  if (recurrence.index !== "last") {
    const n = ["first", "second", "third", "fourth"].indexOf(recurrence.index);
    return firstMatch.plus({ weeks: n });
  }
  let last = firstMatch.plus({ weeks: 4 });
  if (last.month !== first.month) last = last.minus({ weeks: 1 });
  return last;
}
