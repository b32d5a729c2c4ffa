// expandSeries against an independent implementation: Graph patterns translated to RFC 5545 rules evaluated by
// `rrule` on floating local dates, and local times turned into instants by a brute-force search over Intl
// (not luxon, not shared/domain/timeZone.ts). Where Exchange and RFC 5545 genuinely differ, the translation
// says so and encodes Exchange's rule in RFC terms rather than loosening the comparison.
import type {
  DayOfWeek,
  RecurrencePattern,
  RecurrenceRange,
  WeekIndex,
} from "@microsoft/microsoft-graph-types";
import fc from "fast-check";
import { type Options, RRule, type Weekday } from "rrule";
import { describe, expect, it } from "vitest";
import { expandSeries, seriesExtent } from "../../../../../dev/sim/calendar/recurrence/expandSeries.js";

const DAY = 86_400_000;
const MINUTE = 60_000;
const WEEKDAYS: DayOfWeek[] = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const RRULE_DAY: Record<DayOfWeek, Weekday> = {
  sunday: RRule.SU,
  monday: RRule.MO,
  tuesday: RRule.TU,
  wednesday: RRule.WE,
  thursday: RRule.TH,
  friday: RRule.FR,
  saturday: RRule.SA,
};
const SETPOS: Record<WeekIndex, number> = { first: 1, second: 2, third: 3, fourth: 4, last: -1 };
/** The test's own Windows → IANA table, so the zone mapping under test is not its own oracle. */
const IANA: Record<string, string> = {
  "Europe/Rome": "Europe/Rome",
  "America/New_York": "America/New_York",
  "Australia/Sydney": "Australia/Sydney",
  "Pacific Standard Time": "America/Los_Angeles",
};
const WHOLE_SERIES_END = Date.UTC(2300, 0, 1);
const MAX_DAY = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

interface Case {
  pattern: RecurrencePattern;
  range: RecurrenceRange;
  zone: string;
  /** Floating local start (ms, wall clock read as UTC). */
  wallStart: number;
  durationMin: number;
  allDayDays: number | undefined;
  windowStart: number;
  windowEnd: number;
}

// ---- independent time-zone oracle (Intl) ----

/** What the generated cases exercised, so a generator that drifts away from the hard parts fails loudly. */
const seen = { occurrences: 0, gaps: 0, repeatedHours: 0, clampedDays: 0, types: new Set<string>() };

const formats = new Map<string, Intl.DateTimeFormat>();
function wallOf(instant: number, zone: string): number {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formats.set(zone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(instant)).map((x) => [x.type, Number(x.value)]));
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) + (instant % 1000);
}

/** Every instant whose wall reading is `wall`; in a gap, the instant as far past the jump as `wall` was past
 *  the last reading before it (i.e. moved forward by the gap's length). Ambiguous → the earliest instant. */
function oracleUtc(wall: number, zone: string): number {
  const offsets = new Set<number>();
  // Offsets change at most once within any 60 hours in these zones, so three samples find both sides.
  for (const h of [-30, 0, 30]) offsets.add(wallOf(wall + h * 3_600_000, zone) - (wall + h * 3_600_000));
  const hits = [...offsets].map((o) => wall - o).filter((u) => wallOf(u, zone) === wall);
  if (hits.length > 1) seen.repeatedHours++;
  if (hits.length > 0) return Math.min(...hits);
  seen.gaps++;
  // Gap: binary-search the transition instant T between the two readings of the wall time.
  let lo = wall - Math.max(...offsets);
  let hi = wall - Math.min(...offsets);
  const before = wallOf(lo, zone) - lo;
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2 / 1000) * 1000;
    if (wallOf(mid, zone) - mid === before) lo = mid;
    else hi = mid;
  }
  const lastWallBefore = wallOf(lo, zone);
  return hi + (wall - (lastWallBefore + 1000));
}

// ---- independent recurrence oracle (rrule) ----

function ruleOptions(p: RecurrencePattern): Partial<Options> {
  const byweekday = (p.daysOfWeek ?? []).map((d) => RRULE_DAY[d]);
  const bysetpos = SETPOS[p.index ?? "first"];
  // Exchange puts day 29–31 on the month's last day when the month is shorter; RFC 5545 skips such months.
  // In RFC terms Exchange's day d is "the last existing day among 28..d": BYMONTHDAY=28..d;BYSETPOS=-1.
  const monthDay = (d: number): Partial<Options> =>
    d <= 28 ? { bymonthday: [d] } : { bymonthday: range(28, d), bysetpos: [-1] };
  switch (p.type) {
    case "daily":
      return { freq: RRule.DAILY };
    case "weekly":
      return { freq: RRule.WEEKLY, byweekday, wkst: RRULE_DAY[p.firstDayOfWeek ?? "sunday"] };
    case "absoluteMonthly":
      return { freq: RRule.MONTHLY, ...monthDay(p.dayOfMonth!) };
    case "relativeMonthly":
      return { freq: RRule.MONTHLY, byweekday, bysetpos: [bysetpos] };
    case "absoluteYearly":
      return { freq: RRule.YEARLY, bymonth: [p.month!], ...monthDay(p.dayOfMonth!) };
    case "relativeYearly":
      return { freq: RRule.YEARLY, bymonth: [p.month!], byweekday, bysetpos: [bysetpos] };
    default:
      throw new Error(`untranslatable ${p.type}`);
  }
}

function expected(c: Case): [string, string, string][] {
  const base = ruleOptions(c.pattern);
  const startDate = Date.parse(`${c.range.startDate}T00:00:00Z`);
  const timeOfDay = c.wallStart - startDate;
  // Exchange anchors the interval at the period of the first occurrence (MS-OXOCAL FirstDateTime; Graph's own
  // relativeMonthly example), RFC 5545 at DTSTART's period. So: find the first occurrence with interval 1, then
  // make it DTSTART of the real rule. COUNT then counts from it, as Exchange's numberOfOccurrences does.
  const first = new RRule({ ...base, interval: 1, dtstart: new Date(c.wallStart), count: 1 }).all()[0]!;
  const rule = new RRule({
    ...base,
    interval: c.pattern.interval!,
    dtstart: first,
    count: c.range.type === "numbered" ? c.range.numberOfOccurrences! : null,
    until: c.range.type === "endDate" ? new Date(Date.parse(`${c.range.endDate}T23:59:59Z`)) : null,
  });
  const span = c.allDayDays ? (c.allDayDays + 1) * DAY : c.durationMin * MINUTE;
  const floating = rule.between(
    new Date(c.windowStart - span - 2 * DAY),
    new Date(c.windowEnd + 2 * DAY),
    true,
  );
  const out: [string, string, string][] = [];
  for (const wall of floating) {
    const day = wall.getTime() - timeOfDay;
    const start = c.allDayDays ? oracleUtc(day, IANA[c.zone]!) : oracleUtc(wall.getTime(), IANA[c.zone]!);
    const end = c.allDayDays
      ? oracleUtc(day + c.allDayDays * DAY, IANA[c.zone]!)
      : start + c.durationMin * MINUTE;
    if (start < c.windowEnd && end > c.windowStart) {
      seen.occurrences++;
      seen.types.add(c.pattern.type!);
      if (
        (c.pattern.dayOfMonth ?? 0) > new Date(day).getUTCDate() &&
        c.pattern.type?.startsWith("absolute")
      ) {
        seen.clampedDays++;
      }
      out.push([
        new Date(day).toISOString().slice(0, 10),
        new Date(start).toISOString(),
        new Date(end).toISOString(),
      ]);
    }
  }
  return out;
}

function seriesOf(c: Case): Parameters<typeof expandSeries>[0] {
  const fmt = (ms: number) => new Date(ms).toISOString().slice(0, 19);
  const endWall = c.allDayDays ? c.wallStart + c.allDayDays * DAY : c.wallStart + c.durationMin * MINUTE;
  return {
    start: { dateTime: `${fmt(c.wallStart)}.0000000`, timeZone: c.zone },
    end: { dateTime: `${fmt(endWall)}.0000000`, timeZone: c.zone },
    isAllDay: c.allDayDays !== undefined,
    recurrence: { pattern: c.pattern, range: c.range },
  };
}

function actual(c: Case): [string, string, string][] {
  const occurrences = expandSeries(seriesOf(c), new Date(c.windowStart), new Date(c.windowEnd));
  return occurrences.map((o) => [o.originalDate, o.start.toISOString(), o.end.toISOString()]);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

// ---- generated cases ----

const dstDays = new Map<string, number[]>();
/** Local dates (floating, ms) on which the zone's offset changes, 2024–2030, found by scanning Intl day by day. */
function dstChangeDays(zone: string): number[] {
  let days = dstDays.get(zone);
  if (!days) {
    days = [];
    const offsetAt = (t: number) => wallOf(t, zone) - t;
    for (let t = Date.UTC(2024, 0, 1, 12); t < Date.UTC(2031, 0, 1); t += DAY) {
      if (offsetAt(t) !== offsetAt(t - DAY)) days.push(Math.floor(wallOf(t, zone) / DAY) * DAY);
    }
    dstDays.set(zone, days);
  }
  return days;
}

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    type: fc.constantFrom(
      "daily",
      "weekly",
      "absoluteMonthly",
      "relativeMonthly",
      "absoluteYearly",
      "relativeYearly",
    ) as fc.Arbitrary<NonNullable<RecurrencePattern["type"]>>,
    interval: fc.integer({ min: 1, max: 4 }),
    daysOfWeek: fc.subarray(WEEKDAYS, { minLength: 1 }),
    firstDayOfWeek: fc.constantFrom(...WEEKDAYS),
    index: fc.constantFrom<WeekIndex>("first", "second", "third", "fourth", "last"),
    dayOfMonth: fc.oneof(fc.integer({ min: 1, max: 31 }), fc.integer({ min: 28, max: 31 })),
    month: fc.integer({ min: 1, max: 12 }),
    rangeType: fc.constantFrom<"endDate" | "noEnd" | "numbered">("endDate", "noEnd", "numbered"),
    startDay: fc.integer({ min: 0, max: 6 * 365 }),
    // Half the series start within a week before one of their zone's DST changes, at an early-morning hour,
    // and are looked at around it: that is where gaps and repeated hours are.
    nearDst: fc.option(
      fc.record({
        transition: fc.nat(),
        daysBefore: fc.integer({ min: 0, max: 7 }),
        // 02:xx is skipped or repeated in Europe and Sydney; 01:xx is repeated in the Americas.
        hour: fc.constantFrom(1, 2, 2, 2),
      }),
      { freq: 2 },
    ),
    endSpan: fc.integer({ min: 0, max: 1200 }),
    count: fc.integer({ min: 1, max: 40 }),
    // Early-morning hours are where the DST gaps and repeated hours are.
    hour: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 23 })),
    minute: fc.constantFrom(0, 15, 30, 45),
    durationMin: fc.constantFrom(15, 30, 60, 90, 180, 1500),
    allDayDays: fc.option(fc.integer({ min: 1, max: 3 }), { freq: 5 }),
    zone: fc.constantFrom(...Object.keys(IANA)),
    windowFrom: fc.integer({ min: -40, max: 4000 }),
    windowHours: fc.integer({ min: 1, max: 24 * 500 }),
    wholeSeries: fc.boolean(),
  })
  .map((g): Case => {
    const dst = g.nearDst && {
      ...g.nearDst,
      day: dstChangeDays(IANA[g.zone]!)[g.nearDst.transition % dstChangeDays(IANA[g.zone]!).length]!,
    };
    const startDate = dst ? dst.day - dst.daysBefore * DAY : Date.UTC(2024, 0, 1) + g.startDay * DAY;
    const hour = dst ? dst.hour : g.hour;
    const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const dayOfMonth =
      g.type === "absoluteYearly" ? Math.min(g.dayOfMonth, MAX_DAY[g.month - 1]!) : g.dayOfMonth;
    const pattern: RecurrencePattern = { type: g.type, interval: g.interval };
    if (g.type === "weekly")
      Object.assign(pattern, { daysOfWeek: g.daysOfWeek, firstDayOfWeek: g.firstDayOfWeek });
    if (g.type === "relativeMonthly" || g.type === "relativeYearly") {
      Object.assign(pattern, { daysOfWeek: g.daysOfWeek, index: g.index });
    }
    if (g.type === "absoluteMonthly" || g.type === "absoluteYearly") pattern.dayOfMonth = dayOfMonth;
    if (g.type === "absoluteYearly" || g.type === "relativeYearly") pattern.month = g.month;
    const rangeValue: RecurrenceRange = { type: g.rangeType, startDate: iso(startDate) };
    if (g.rangeType === "endDate") rangeValue.endDate = iso(startDate + g.endSpan * DAY);
    if (g.rangeType === "numbered") rangeValue.numberOfOccurrences = g.count;
    const whole = g.wholeSeries && g.rangeType !== "noEnd";
    const windowStart = whole
      ? startDate - 2 * DAY
      : dst
        ? startDate - DAY
        : startDate + g.windowFrom * DAY + hour * 3_600_000;
    return {
      pattern,
      range: rangeValue,
      zone: g.zone,
      wallStart: g.allDayDays ? startDate : startDate + (hour * 60 + g.minute) * MINUTE,
      durationMin: g.durationMin,
      allDayDays: g.allDayDays ?? undefined,
      windowStart,
      windowEnd: whole ? WHOLE_SERIES_END : windowStart + (dst ? 10 * 24 : g.windowHours) * 3_600_000,
    };
  });

describe("expandSeries agrees with rrule + Intl on seeded random series", () => {
  it("matches local dates and UTC instants for 4000 patterns across DST-observing zones", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const want = expected(c);
        expect(actual(c)).toEqual(want);
        if (c.windowEnd === WHOLE_SERIES_END) {
          const extent = seriesExtent(seriesOf(c));
          const ends = extent && [extent.first, extent.last].map((o) => o?.start.toISOString());
          expect(ends).toEqual(want.length > 0 ? [want[0]![1], want.at(-1)![1]] : undefined);
        }
      }),
      { seed: 20261125, numRuns: Number(process.env.RUNS ?? 4000), endOnFailure: true },
    );
    // A run with the default seed compares ~100,000 occurrences, a few hundred of them at a DST gap, in a
    // repeated hour, or on a clamped month end.
    expect(seen.occurrences).toBeGreaterThan(40_000);
    expect(seen.types.size).toBe(6);
    expect(seen.gaps).toBeGreaterThan(20);
    expect(seen.repeatedHours).toBeGreaterThan(20);
    expect(seen.clampedDays).toBeGreaterThan(20);
  }, 180_000);
});
