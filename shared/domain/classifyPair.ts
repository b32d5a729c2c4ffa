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
/** A series whose master was read. */
type RecurringSeries = Extract<Series, { pattern: object }>;

interface Meeting {
  start: number;
  createdAt: number;
  series: Series | null;
}

/** What the rules need to know of one series at `now`, whether its master was read or not. */
interface SeriesView {
  series: Series;
  /** Its next 1:1 in [now, end of the lookahead]; Infinity when there is none. */
  next: number;
  /** A 1:1 of it is scheduled in the lookahead and its range (when known) has not ended. */
  active: boolean;
  /** Its interval in days: the pattern's when known, else the median gap of its 1:1s in the window. */
  rhythm: number | null;
  /** It still exists at `now` (started and not ended). */
  running: boolean;
  /** Its last local date, once it has ended; compares across series as `yyyy-MM-dd`. */
  endDate: string | null;
  label: string;
  /** It, as a new rhythm: "new weekly-2 series created 2026-11-20". */
  newText: string;
  endedText: string;
  /** Why it runs without being held, for the reason of a lapsed pair. */
  stillExistsText: string;
}

interface Context {
  now: Date;
  from: number;
  to: number;
  policy: CadencePolicy;
  timeZone: string;
}

const DAY = 86_400_000;

/**
 * Classifies a pair at `now`. Held = started before `now`; scheduled = starts at or after `now`. Only 1:1s
 * inside [now − lookback, now + lookahead] count. Boundaries are inclusive: a 1:1 held exactly `floorDays`
 * ago is within the floor, a rhythm of exactly target + tolerance is on target.
 *
 * "An older series still exists whose occurrences are cancelled or declined" (the second `lapsed` rule) reads
 * as: a running series created before the floor began (a series created within the floor is a new rhythm,
 * the `scheduled` rule's business, and one refused from the start was never a rhythm: `missing`).
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
  const ctx: Context = {
    now,
    from: t - policy.lookbackDays * DAY,
    to: windowEnd,
    policy,
    timeZone: calendar.timeZone,
  };
  const meetings = meetingsInWindow(calendar, ctx.from, windowEnd);
  const held = meetings.filter((m) => m.start < t);
  const upcoming = meetings.filter((m) => m.start >= t);
  const last = held.at(-1);
  const next = upcoming[0];

  const views = calendar.series.map((s) => viewOf(s, ctx));
  // Several active series: the most frequent one sets the rhythm (an unknown rhythm counts as the rarest;
  // ties: the one meeting next, then the lower id). Ties everywhere fall back to the id so the answer never
  // depends on the order Graph listed things in.
  const active = views
    .filter((v) => v.active)
    .sort(
      (a, b) =>
        compareNumbers(a.rhythm ?? Infinity, b.rhythm ?? Infinity) ||
        compareNumbers(a.next, b.next) ||
        compare(a.series.id, b.series.id),
    )[0];
  const runningAll = views
    .filter((v) => v.running)
    .sort(
      (a, b) =>
        Date.parse(b.series.createdAt) - Date.parse(a.series.createdAt) || compare(a.series.id, b.series.id),
    );
  const running = runningAll[0];
  const floorStart = t - policy.floorDays * DAY;
  const olderRunning = runningAll.find((v) => Date.parse(v.series.createdAt) < floorStart);
  const ended = views
    .filter((v) => v.endDate !== null)
    .sort((a, b) => compare(b.endDate, a.endDate) || compare(a.series.id, b.series.id))[0];
  // A series of unknown pattern with one 1:1 in sight has no interval yet: the pair's gaps stand in for it.
  const rhythm = active?.rhythm ?? medianGapDays(meetings.map((m) => m.start));

  const onTarget = policy.targetDays + policy.toleranceDays;
  const heldWithinFloor = last !== undefined && last.start >= floorStart;
  const nextOnTarget = next !== undefined && next.start - t <= onTarget * DAY;
  const newlyBooked = upcoming.find(
    (m) => m.start - t <= policy.lookaheadDays * DAY && m.createdAt >= floorStart,
  );

  const day = (ms: number) => localDate(new Date(ms), calendar.timeZone);
  const lastText = last && `last held ${day(last.start)}`;
  const nextText = next && `next ${day(next.start)}`;
  const rhythmText =
    active?.rhythm != null ? active.label : rhythm !== null ? `every ~${roundDays(rhythm)} days` : undefined;

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
    const booked = newlyBooked.series && views.find((v) => v.series === newlyBooked.series);
    const source = booked ? booked.newText : `new 1:1 booked ${day(newlyBooked.createdAt)}`;
    parts = [
      `${source}; next ${day(newlyBooked.start)}`,
      `none held in the last ${policy.floorDays} days`,
      lastText,
    ];
  } else if (held.length > 0 || olderRunning) {
    status = "lapsed";
    const exists = olderRunning ?? running;
    parts = [
      lastText ?? `no 1:1 held in the last ${policy.lookbackDays} days`,
      exists?.stillExistsText,
      !exists && ended?.endedText,
      !exists && !ended && `none held in the last ${policy.floorDays} days`,
      nextText,
    ];
  } else {
    status = "missing";
    parts = [
      `no 1:1 in the last ${policy.lookbackDays} days`,
      running?.stillExistsText,
      ended?.endedText,
      nextText,
    ];
  }

  return {
    ...identity,
    status,
    lastHeld: last ? new Date(last.start).toISOString() : null,
    nextScheduled: next ? new Date(next.start).toISOString() : null,
    cadenceDays: rhythm === null ? null : roundDays(rhythm),
    seriesId: (active ?? running ?? ended)?.series.id ?? null,
    reason: parts.filter((p): p is string => typeof p === "string" && p.length > 0).join("; "),
  };
}

/**
 * A series seen through its master keeps the master's word: it runs from its range's start to its range's end
 * (so a series whose occurrences are all cancelled still runs), and it is active with a 1:1 in the lookahead.
 *
 * A series seen only through calendarView has no range; what its occurrences show decides instead:
 * - active: a 1:1 of it (declined by neither side) between now and the end of the lookahead;
 * - running: active, or refused: a declined occurrence of it in the lookahead, or one within the floor (a
 *   series declined occurrence by occurrence is still in both calendars; this keeps it alive when its next
 *   occurrence falls beyond the lookahead, e.g. a monthly one);
 * - ended: not running and nothing of it ahead, at its last visible occurrence (a date, not a range's end),
 *   including occurrences before the lookback (the scan's history) so a series seen only there keeps its id.
 * Cancelled occurrences are absent from calendarView, so a series cancelled occurrence by occurrence looks
 * ended (or absent) without its master: only a master can make that pair `lapsed` rather than `missing`
 * (the scan confirms such series, see `seriesToConfirm`).
 * Likewise when a side's client deleted the declined copy: the scan reads the manager's calendar only.
 */
function viewOf(series: Series, ctx: Context): SeriesView {
  const t = ctx.now.getTime();
  const inWindow = (list: readonly { start: string }[]) =>
    list
      .map((o) => Date.parse(o.start))
      .filter((start) => start >= ctx.from && start <= ctx.to)
      .sort((a, b) => a - b)
      .filter((start, i, all) => i === 0 || start !== all[i - 1]);
  const meetings = inWindow(series.occurrences);
  const created = localDate(new Date(series.createdAt), ctx.timeZone);
  const next = meetings.find((start) => start >= t) ?? Infinity;

  if (series.range !== null) {
    const ended = hasEnded(series, ctx.now);
    const label = `${patternName(series.pattern)} series since ${series.range.startDate}`;
    return {
      series,
      next,
      active: !ended && Number.isFinite(next),
      rhythm: patternDays(series.pattern),
      running: hasStarted(series, ctx.now) && !ended,
      endDate: ended ? endDateOf(series) : null,
      label,
      newText: `new ${patternName(series.pattern)} series created ${created}`,
      endedText:
        series.range.type === "numbered"
          ? `series of ${series.range.numberOfOccurrences} since ${series.range.startDate} ended`
          : `series ended ${endDateOf(series)}`,
      stillExistsText:
        meetings.length === 0
          ? `${label} still exists, but its occurrences are cancelled or declined`
          : `${label} still exists, but none held in the last ${ctx.policy.floorDays} days`,
    };
  }

  const declined = inWindow(series.declinedOccurrences);
  const active = Number.isFinite(next);
  const refused = declined.some((start) => start >= t - ctx.policy.floorDays * DAY);
  // History read before the lookback only dates a series' end: it is never held, scheduled or a rhythm.
  const lastBefore = [...series.occurrences, ...series.declinedOccurrences]
    .map((o) => Date.parse(o.start))
    .reduce((last, start) => (start < ctx.from && start > last ? start : last), -Infinity);
  const lastSeen = Math.max(meetings.at(-1) ?? -Infinity, declined.at(-1) ?? -Infinity, lastBefore);
  const rhythm = medianGapDays(meetings);
  // A refused series has no 1:1s to space; its declined occurrences still show how often it meets.
  const spacing = rhythm ?? medianGapDays([...new Set([...meetings, ...declined])].sort((x, y) => x - y));
  const every = spacing === null ? "" : ` (every ~${roundDays(spacing)} days)`;
  const label = `series created ${created}${every}`;
  const endDate =
    !active && !refused && Number.isFinite(lastSeen) ? localDate(new Date(lastSeen), ctx.timeZone) : null;
  return {
    series,
    next,
    active,
    rhythm,
    running: active || refused,
    endDate,
    label,
    newText: `new series created ${created}${every}`,
    endedText: `series ended ${endDate}`,
    stillExistsText: active
      ? `${label} still exists, but none held in the last ${ctx.policy.floorDays} days`
      : `${label} still exists, but its occurrences are declined`,
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

function today(series: RecurringSeries, now: Date): string {
  return localDate(now, series.recurrenceTimeZone);
}

function hasStarted(series: RecurringSeries, now: Date): boolean {
  return series.range.startDate <= today(series, now);
}

function hasEnded(series: RecurringSeries, now: Date): boolean {
  const end = endDateOf(series);
  return end !== null && end < today(series, now);
}

/**
 * The last local date of the range. A `numbered` range is not expanded: its end is taken as the start plus
 * as many whole pattern periods as the count needs, which is never earlier than the true last occurrence.
 */
function endDateOf(series: RecurringSeries): string | null {
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
function patternDays(pattern: RecurringSeries["pattern"]): number {
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

/** The median gap in days between consecutive starts (ascending, distinct); null for fewer than two. */
function medianGapDays(starts: readonly number[]): number | null {
  if (starts.length < 2) return null;
  const gaps = starts
    .slice(1)
    .map((start, i) => start - starts[i]!)
    .sort((a, b) => a - b);
  const mid = Math.floor(gaps.length / 2);
  const median = gaps.length % 2 === 1 ? gaps[mid]! : (gaps[mid - 1]! + gaps[mid]!) / 2;
  return median / DAY;
}

function patternName(pattern: RecurringSeries["pattern"]): string {
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

function roundDays(days: number): number {
  return Math.round(days * 10) / 10;
}

function compare(a: string | null, b: string | null): number {
  return (a ?? "") < (b ?? "") ? -1 : (a ?? "") > (b ?? "") ? 1 : 0;
}

/** Like `a - b`, but two infinities are equal rather than NaN. */
function compareNumbers(a: number, b: number): number {
  return a === b ? 0 : a - b;
}
