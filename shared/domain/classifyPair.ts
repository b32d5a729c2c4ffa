// The cadence rules of DESIGN.md "Cadence policy": one manager/report pair → status, rhythm and a reason.
import { DateTime } from "luxon";
import type { CadencePolicy } from "./cadencePolicy.js";
import type { ManagerReportPair } from "./managerReportPair.js";
import type { PairCalendar } from "./pairCalendar.js";
import type { PairExclusion } from "./pairExclusion.js";
import type { PairResult, PairStatus } from "./pairResult.js";
import { localDate, toIanaZone } from "./timeZone.js";

/**
 * A pair with the manager's calendar reduced to its 1:1s (see `pairCalendarFromEvents`), or a pair whose
 * calendar could not be read (`excluded`, e.g. no mailbox). `pair.exclusion` (configuration, opt-out) wins
 * over a calendar; a pair can never lack both.
 */
export type PairInput =
  | { pair: ManagerReportPair; calendar: PairCalendar }
  | { pair: ManagerReportPair; excluded: PairExclusion };

type Series = PairCalendar["series"][number];

interface Meeting {
  start: number;
  createdAt: number;
  series: Series | null;
}

const DAY = 86_400_000;

/**
 * Classifies a pair at `now`. Held = started before `now`; scheduled = starts at or after `now`. Only 1:1s
 * inside [now − lookback, now + lookahead] count. Boundaries are inclusive: a 1:1 held exactly `floorDays`
 * ago is within the floor, a rhythm of exactly target + tolerance is on target.
 */
export function classifyPair(input: PairInput, policy: CadencePolicy, now: Date): PairResult {
  const { pair } = input;
  const identity = {
    managerId: pair.managerId,
    managerUpn: pair.managerUpn,
    reportId: pair.reportId,
    reportUpn: pair.reportUpn,
  };
  const exclusion = pair.exclusion ?? ("excluded" in input ? input.excluded : null);
  if (exclusion || !("calendar" in input)) {
    return {
      ...identity,
      status: "excluded",
      lastHeld: null,
      nextScheduled: null,
      cadenceDays: null,
      seriesId: null,
      reason: `excluded: ${exclusion?.detail}`,
    };
  }

  const { calendar } = input;
  const t = now.getTime();
  const windowEnd = t + policy.lookaheadDays * DAY;
  const meetings = meetingsInWindow(calendar, t - policy.lookbackDays * DAY, windowEnd);
  const held = meetings.filter((m) => m.start < t);
  const upcoming = meetings.filter((m) => m.start >= t);
  const last = held.at(-1);
  const next = upcoming[0];

  const active = activeSeries(calendar.series, now, windowEnd);
  // Ties fall back to the id so the answer never depends on the order Graph listed things in.
  const running = calendar.series
    .filter((s) => hasStarted(s, now) && !hasEnded(s, now))
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || compare(a.id, b.id))[0];
  const ended = calendar.series
    .filter((s) => hasEnded(s, now))
    .sort((a, b) => compare(endDateOf(b), endDateOf(a)) || compare(a.id, b.id))[0];
  const rhythm = active ? patternDays(active.pattern) : medianGapDays(meetings);

  const onTarget = policy.targetDays + policy.toleranceDays;
  const heldWithinFloor = last !== undefined && t - last.start <= policy.floorDays * DAY;
  const nextOnTarget = next !== undefined && next.start - t <= onTarget * DAY;
  const newlyBooked = upcoming.find(
    (m) => m.start - t <= policy.lookaheadDays * DAY && t - m.createdAt <= policy.floorDays * DAY,
  );

  const day = (ms: number) => localDate(new Date(ms), calendar.timeZone);
  const lastText = last && `last held ${day(last.start)}`;
  const nextText = next && `next ${day(next.start)}`;
  const rhythmText = active
    ? seriesLabel(active)
    : rhythm !== null
      ? `every ~${roundDays(rhythm)} days`
      : undefined;

  let status: PairStatus;
  let parts: (string | undefined | false)[];
  if (heldWithinFloor && rhythm !== null && rhythm <= onTarget && nextOnTarget) {
    status = "healthy";
    parts = [rhythmText, lastText, nextText];
  } else if (heldWithinFloor) {
    status = "belowTarget";
    parts = [
      lastText,
      rhythm === null
        ? `no rhythm: one 1:1 in the last ${policy.lookbackDays} days`
        : rhythm > onTarget && `${rhythmText} is slower than the ${policy.targetDays}-day target`,
      next === undefined
        ? `nothing booked in the next ${policy.lookaheadDays} days`
        : nextOnTarget
          ? nextText
          : `${nextText}, more than ${onTarget} days away`,
    ];
  } else if (newlyBooked) {
    status = "scheduled";
    const source = newlyBooked.series
      ? `new ${patternName(newlyBooked.series.pattern)} series created ${day(newlyBooked.createdAt)}`
      : `new 1:1 booked ${day(newlyBooked.createdAt)}`;
    parts = [
      `${source}; next ${day(newlyBooked.start)}`,
      `none held in the last ${policy.floorDays} days`,
      lastText,
    ];
  } else if (held.length > 0 || running) {
    status = "lapsed";
    parts = [
      lastText ?? `no 1:1 held in the last ${policy.lookbackDays} days`,
      running &&
        (running.occurrences.length === 0
          ? `${seriesLabel(running)} still exists, but its occurrences are cancelled or declined`
          : `${seriesLabel(running)} still exists, but none held in the last ${policy.floorDays} days`),
      !running && ended && endedText(ended),
      !running && !ended && `none held in the last ${policy.floorDays} days`,
      nextText,
    ];
  } else {
    status = "missing";
    parts = [`no 1:1 in the last ${policy.lookbackDays} days`, ended && endedText(ended), nextText];
  }

  return {
    ...identity,
    status,
    lastHeld: last ? new Date(last.start).toISOString() : null,
    nextScheduled: next ? new Date(next.start).toISOString() : null,
    cadenceDays: rhythm === null ? null : roundDays(rhythm),
    seriesId: (active ?? running ?? ended)?.id ?? null,
    reason: parts.filter((p): p is string => typeof p === "string" && p.length > 0).join("; "),
  };
}

/**
 * The pair's 1:1s in the window, oldest first. Two 1:1s at the same instant (a duplicate invite) count once:
 * a series occurrence over a single, then the lower series id, then the later creation.
 */
function meetingsInWindow(calendar: PairCalendar, from: number, to: number): Meeting[] {
  const all: Meeting[] = [
    ...calendar.series.flatMap((series) =>
      series.occurrences.map((o) => ({
        start: Date.parse(o.start),
        createdAt: Date.parse(series.createdAt),
        series,
      })),
    ),
    ...calendar.singles.map((s) => ({
      start: Date.parse(s.start),
      createdAt: Date.parse(s.createdAt),
      series: null,
    })),
  ];
  const preferred = (a: Meeting, b: Meeting) =>
    a.start - b.start ||
    (a.series ? 0 : 1) - (b.series ? 0 : 1) ||
    compare(a.series?.id ?? null, b.series?.id ?? null) ||
    b.createdAt - a.createdAt;
  const seen = new Set<number>();
  return all
    .filter((m) => m.start >= from && m.start <= to)
    .sort(preferred)
    .filter((m) => !seen.has(m.start) && seen.add(m.start));
}

/**
 * The active series at `now`: its range has not ended before today (in its recurrence time zone) AND it still
 * has a 1:1 occurrence — not cancelled, not declined — starting between `now` and the end of the lookahead.
 * Only occurrences inside the window are known, so a series rarer than the lookahead (every 6 weeks) is not
 * active and the rhythm falls back to the median gap. Several active series: the most frequent one sets the
 * rhythm (ties: the one meeting next, then the lower id, for a deterministic answer).
 */
function activeSeries(series: readonly Series[], now: Date, windowEnd: number): Series | undefined {
  const t = now.getTime();
  const nextOf = (s: Series) =>
    Math.min(
      ...s.occurrences.map((o) => Date.parse(o.start)).filter((start) => start >= t && start <= windowEnd),
    );
  return series
    .filter((s) => !hasEnded(s, now) && Number.isFinite(nextOf(s)))
    .sort(
      (a, b) =>
        patternDays(a.pattern) - patternDays(b.pattern) || nextOf(a) - nextOf(b) || compare(a.id, b.id),
    )[0];
}

function today(series: Series, now: Date): string {
  return localDate(now, series.recurrenceTimeZone);
}

function hasStarted(series: Series, now: Date): boolean {
  return series.range.startDate <= today(series, now);
}

function hasEnded(series: Series, now: Date): boolean {
  const end = endDateOf(series);
  return end !== null && end < today(series, now);
}

/**
 * The last local date of the range. A `numbered` range is not expanded: its end is taken as the start plus
 * as many whole pattern periods as the count needs, which is never earlier than the true last occurrence.
 */
function endDateOf(series: Series): string | null {
  const { range, pattern } = series;
  if (range.type === "noEnd") return null;
  if (range.type === "endDate") return range.endDate;
  const perPeriod = pattern.type === "weekly" ? Math.max(1, pattern.daysOfWeek.length) : 1;
  const periods = Math.ceil(range.numberOfOccurrences / perPeriod) * pattern.interval;
  const unit = {
    daily: "days",
    weekly: "weeks",
    absoluteMonthly: "months",
    relativeMonthly: "months",
    absoluteYearly: "years",
    relativeYearly: "years",
  } as const;
  return DateTime.fromISO(range.startDate, { zone: toIanaZone(series.recurrenceTimeZone) })
    .plus({ [unit[pattern.type]]: periods })
    .toISODate()!;
}

/** The rhythm of a recurrence pattern in days (months count as 30 days, years as 365). */
function patternDays(pattern: Series["pattern"]): number {
  switch (pattern.type) {
    case "daily":
      return pattern.interval;
    case "weekly":
      return (7 * pattern.interval) / Math.max(1, pattern.daysOfWeek.length);
    case "absoluteMonthly":
    case "relativeMonthly":
      return 30 * pattern.interval;
    case "absoluteYearly":
    case "relativeYearly":
      return 365 * pattern.interval;
  }
}

function medianGapDays(meetings: readonly Meeting[]): number | null {
  if (meetings.length < 2) return null;
  const gaps = meetings
    .slice(1)
    .map((m, i) => m.start - meetings[i]!.start)
    .sort((a, b) => a - b);
  const mid = Math.floor(gaps.length / 2);
  const median = gaps.length % 2 === 1 ? gaps[mid]! : (gaps[mid - 1]! + gaps[mid]!) / 2;
  return median / DAY;
}

function patternName(pattern: Series["pattern"]): string {
  const name = {
    daily: "daily",
    weekly: "weekly",
    absoluteMonthly: "monthly",
    relativeMonthly: "monthly",
    absoluteYearly: "yearly",
    relativeYearly: "yearly",
  }[pattern.type];
  return pattern.interval === 1 ? name : `${name}-${pattern.interval}`;
}

function seriesLabel(series: Series): string {
  return `${patternName(series.pattern)} series since ${series.range.startDate}`;
}

function endedText(series: Series): string {
  return series.range.type === "numbered"
    ? `series of ${series.range.numberOfOccurrences} since ${series.range.startDate} ended`
    : `series ended ${endDateOf(series)}`;
}

function roundDays(days: number): number {
  return Math.round(days * 10) / 10;
}

function compare(a: string | null, b: string | null): number {
  return (a ?? "") < (b ?? "") ? -1 : (a ?? "") > (b ?? "") ? 1 : 0;
}
