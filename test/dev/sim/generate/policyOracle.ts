// An independent reading of DESIGN.md's cadence policy over a fixture, for checking the generator's ground
// truth: it finds 1:1s from the fixture's own JSON (people sets, responses, cancellations) and expands
// recurrences day by day, sharing no code with the generator's planner.
import { DateTime } from "luxon";
import type { Fixture, FixtureEventEntry, FixtureUser } from "../../../../dev/sim/fixture.js";
import { toIanaZone, zonedToUtc } from "../../../../shared/domain/timeZone.js";

export const ORACLE_POLICY = {
  targetDays: 14,
  toleranceDays: 3,
  floorDays: 31,
  lookbackDays: 90,
  lookaheadDays: 35,
};

export type OracleStatus = "healthy" | "belowTarget" | "scheduled" | "lapsed" | "missing" | "excluded";

interface Meeting {
  start: number;
  created: number;
  series?: SeriesFacts;
}

interface SeriesFacts {
  intervalDays: number;
  created: number;
  cancelledOrDeclined: boolean;
}

interface PairFacts {
  manager: FixtureUser;
  report: FixtureUser;
  meetings: Meeting[];
  series: SeriesFacts[];
}

const DAY = 86_400_000;
const NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/** The status of every pair (keyed by report id) at `now`. */
export function oracleStatuses(
  fixture: Fixture,
  now: Date = new Date(fixture.now),
): Map<string, OracleStatus> {
  const out = new Map<string, OracleStatus>();
  for (const pair of pairFacts(fixture, now).values()) {
    const excluded = pair.manager.hasMailbox === false || pair.report.hasMailbox === false;
    out.set(pair.report.id, excluded ? "excluded" : classify(pair, now.getTime()));
  }
  return out;
}

/** The starts (epoch ms) of every pair's 1:1s starting in [now - lookback, now + lookahead), keyed by report id. */
export function oracleMeetings(fixture: Fixture, now: Date = new Date(fixture.now)): Map<string, number[]> {
  const from = now.getTime() - ORACLE_POLICY.lookbackDays * DAY;
  const to = now.getTime() + ORACLE_POLICY.lookaheadDays * DAY;
  const out = new Map<string, number[]>();
  for (const pair of pairFacts(fixture, now).values()) {
    const starts = pair.meetings.map((m) => m.start).filter((s) => s >= from && s < to);
    out.set(
      pair.report.id,
      starts.sort((a, b) => a - b),
    );
  }
  return out;
}

function pairFacts(fixture: Fixture, now: Date): Map<string, PairFacts> {
  const byKey = new Map<string, FixtureUser>();
  for (const user of fixture.users) {
    byKey.set(user.id, user);
    byKey.set(user.userPrincipalName.toLowerCase(), user);
    if (user.mail) byKey.set(user.mail.toLowerCase(), user);
  }
  const pairs = new Map<string, PairFacts>();
  for (const report of fixture.users) {
    if (!report.managerId || report.accountEnabled === false) continue;
    const manager = byKey.get(report.managerId)!;
    pairs.set(pairKey(manager.id, report.id), { manager, report, meetings: [], series: [] });
  }
  const from = now.getTime() - ORACLE_POLICY.lookbackDays * DAY;
  const to = now.getTime() + ORACLE_POLICY.lookaheadDays * DAY;
  for (const entry of fixture.events) {
    const organizer = byKey.get(entry.mailbox) ?? byKey.get(entry.mailbox.toLowerCase());
    if (!organizer) continue;
    const people = new Set([organizer.id]);
    for (const attendee of entry.event.attendees) {
      if (attendee.type === "resource") continue;
      const address = attendee.emailAddress.address.toLowerCase();
      people.add(byKey.get(address)?.id ?? `external:${address}`);
    }
    if (people.size !== 2) continue;
    const [a, b] = [...people] as [string, string];
    const pair = pairs.get(pairKey(a, b));
    if (pair) addEvent(pair, entry, now, from, to);
  }
  return pairs;
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

function addEvent(pair: PairFacts, entry: FixtureEventEntry, now: Date, from: number, to: number): void {
  const { event } = entry;
  if (event.isAllDay || event.isCancelled) return;
  const answer = (user: FixtureUser) =>
    Object.entries(entry.responses).find(
      ([k]) => k.toLowerCase() === user.userPrincipalName.toLowerCase(),
    )?.[1];
  const declined = answer(pair.manager) === "declined" || answer(pair.report) === "declined";
  const firstStart = zonedToUtc(event.start).getTime();
  const created = event.createdDateTime
    ? Date.parse(event.createdDateTime)
    : Math.min(firstStart, now.getTime());
  let series: SeriesFacts | undefined;
  let starts: number[];
  if (event.recurrence) {
    const recurrence = event.recurrence as unknown as GraphRecurrence;
    series = {
      intervalDays: intervalDays(recurrence),
      created,
      cancelledOrDeclined: declined || entry.cancelledOccurrences.length > 0,
    };
    pair.series.push(series);
    starts = expandDayByDay(event.start, recurrence, entry.cancelledOccurrences, to + DAY);
    const moved = new Map(entry.exceptions.map((ex) => [Date.parse(ex.originalStart), zonedToUtc(ex.start)]));
    starts = starts.map((s) => moved.get(s)?.getTime() ?? s);
  } else {
    starts = [firstStart];
  }
  if (declined) return;
  for (const start of starts) {
    if (start >= from - DAY && start <= to + DAY)
      pair.meetings.push({ start, created, ...(series ? { series } : {}) });
  }
}

interface GraphRecurrence {
  pattern: {
    type: string;
    interval: number;
    daysOfWeek?: string[];
    firstDayOfWeek?: string;
    dayOfMonth?: number;
    index?: string;
  };
  range: {
    type: string;
    startDate: string;
    endDate?: string;
    numberOfOccurrences?: number;
    recurrenceTimeZone?: string;
  };
}

function intervalDays(r: GraphRecurrence): number {
  const unit = { daily: 1, weekly: 7, absoluteMonthly: 30, relativeMonthly: 30 }[r.pattern.type];
  if (!unit) throw new Error(`oracle does not know pattern ${r.pattern.type}`);
  return unit * r.pattern.interval;
}

/**
 * Walks every local date from the range start and asks "does the pattern fire today?". Dates are plain day
 * numbers (days since 1970-01-01); only firing days are turned into instants in the recurrence's zone.
 */
export function expandDayByDay(
  start: { dateTime: string; timeZone: string },
  r: GraphRecurrence,
  cancelledDates: readonly string[],
  until: number,
): number[] {
  const zone = toIanaZone(r.range.recurrenceTimeZone ?? start.timeZone);
  const [hour, minute] = start.dateTime.slice(11, 16).split(":").map(Number) as [number, number];
  const first = Date.parse(`${r.range.startDate}T00:00:00Z`) / DAY;
  const fdow = NAMES.indexOf(r.pattern.firstDayOfWeek ?? "sunday");
  const weekday = (day: number) => (day + 3) % 7; // 0 = monday; day 0 was a Thursday
  const weekStart = (day: number) => day - ((weekday(day) - fdow + 7) % 7);
  const endDay =
    r.range.type === "endDate" ? Date.parse(`${r.range.endDate}T00:00:00Z`) / DAY : Number.POSITIVE_INFINITY;
  const cancelled = new Set(cancelledDates);
  const out: number[] = [];
  let count = 0;
  for (let day = first; day <= endDay; day++) {
    if (r.range.type === "numbered" && count >= r.range.numberOfOccurrences!) break;
    if ((day - 1) * DAY > until) break;
    if (!fires(day, r, first, weekday, weekStart)) continue;
    count++;
    const date = new Date(day * DAY).toISOString().slice(0, 10);
    if (cancelled.has(date)) continue;
    const [y, m, d] = date.split("-").map(Number) as [number, number, number];
    const instant = DateTime.fromObject({ year: y, month: m, day: d, hour, minute }, { zone }).toMillis();
    if (instant <= until) out.push(instant);
  }
  return out;
}

function fires(
  day: number,
  r: GraphRecurrence,
  first: number,
  weekday: (day: number) => number,
  weekStart: (day: number) => number,
): boolean {
  const p = r.pattern;
  const name = NAMES[weekday(day)]!;
  const date = new Date(day * DAY);
  const start = new Date(first * DAY);
  const months =
    (date.getUTCFullYear() - start.getUTCFullYear()) * 12 + date.getUTCMonth() - start.getUTCMonth();
  switch (p.type) {
    case "daily":
      return (day - first) % p.interval === 0;
    case "weekly": {
      const weeks = (weekStart(day) - weekStart(first)) / 7;
      return p.daysOfWeek!.includes(name) && weeks % p.interval === 0;
    }
    case "absoluteMonthly":
      return date.getUTCDate() === p.dayOfMonth && months % p.interval === 0;
    case "relativeMonthly": {
      if (!p.daysOfWeek!.includes(name) || months % p.interval !== 0) return false;
      if (p.index === "last") return new Date((day + 7) * DAY).getUTCMonth() !== date.getUTCMonth();
      return (
        Math.ceil(date.getUTCDate() / 7) === ["first", "second", "third", "fourth"].indexOf(p.index!) + 1
      );
    }
    default:
      throw new Error(`oracle does not know pattern ${p.type}`);
  }
}

function classify(pair: PairFacts, now: number): OracleStatus {
  const p = ORACLE_POLICY;
  const meetings = pair.meetings
    .filter((m) => m.start >= now - p.lookbackDays * DAY && m.start <= now + p.lookaheadDays * DAY)
    .sort((a, b) => a.start - b.start);
  const held = meetings.filter((m) => m.start < now);
  const scheduled = meetings.filter((m) => m.start > now);
  const floor = now - p.floorDays * DAY;
  const heldWithinFloor = held.some((m) => m.start >= floor);
  const active = pair.series.filter((s) => scheduled.some((m) => m.series === s));
  let rhythm: number | undefined;
  if (active.length > 0) rhythm = Math.min(...active.map((s) => s.intervalDays));
  else if (meetings.length >= 2) {
    const gaps = meetings
      .slice(1)
      .map((m, i) => (m.start - meetings[i]!.start) / DAY)
      .sort((x, y) => x - y);
    const mid = Math.floor(gaps.length / 2);
    rhythm = gaps.length % 2 ? gaps[mid]! : (gaps[mid - 1]! + gaps[mid]!) / 2;
  }
  const limit = (p.targetDays + p.toleranceDays) * DAY;
  if (
    heldWithinFloor &&
    rhythm !== undefined &&
    rhythm * DAY <= limit &&
    scheduled.some((m) => m.start <= now + limit)
  ) {
    return "healthy";
  }
  if (heldWithinFloor) return "belowTarget";
  if (scheduled.some((m) => m.created >= floor)) return "scheduled";
  if (held.length > 0) return "lapsed";
  if (pair.series.some((s) => s.cancelledOrDeclined && s.created < floor)) return "lapsed";
  return "missing";
}
