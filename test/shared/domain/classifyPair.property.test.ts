// Invariants of the status table over generated calendars (fixed seed, so every run checks the same cases).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultCadencePolicy } from "../../../shared/domain/cadencePolicy.js";
import { classifyPair } from "../../../shared/domain/classifyPair.js";
import type { PairCalendar } from "../../../shared/domain/pairCalendar.js";
import { pairResultSchema } from "../../../shared/domain/pairResult.js";
import { DAY, NOW, pair, type RecurringSeriesInput, type ViewedSeriesInput } from "./pairFixtures.js";

const zones = ["UTC", "Europe/Rome", "Pacific Standard Time", "New Zealand Standard Time"];
const instant = (minDays: number, maxDays: number) =>
  fc
    .integer({ min: minDays * 24 * 60, max: maxDays * 24 * 60 })
    .map((minutes) => new Date(NOW.getTime() + minutes * 60_000).toISOString());
const localDay = (minDays: number, maxDays: number) =>
  instant(minDays, maxDays).map((iso) => iso.slice(0, 10));

const meetings = fc.array(fc.record({ start: instant(-120, 60) }), { maxLength: 8 });

const recurringSeriesArb: fc.Arbitrary<RecurringSeriesInput> = fc.record({
  id: fc.constantFrom("s-a", "s-b", "s-c"),
  createdAt: instant(-300, 0),
  pattern: fc.record({
    type: fc.constantFrom(
      "daily",
      "weekly",
      "absoluteMonthly",
      "relativeMonthly",
      "absoluteYearly",
    ) as fc.Arbitrary<RecurringSeriesInput["pattern"]["type"]>,
    interval: fc.integer({ min: 1, max: 4 }),
    daysOfWeek: fc.subarray(["monday", "wednesday", "friday"]),
  }),
  range: fc.oneof(
    fc.record({ type: fc.constant("noEnd" as const), startDate: localDay(-300, 40) }),
    fc.record({
      type: fc.constant("endDate" as const),
      startDate: localDay(-300, 0),
      endDate: localDay(-150, 60),
    }),
    fc.record({
      type: fc.constant("numbered" as const),
      startDate: localDay(-300, 40),
      numberOfOccurrences: fc.integer({ min: 1, max: 30 }),
    }),
  ),
  recurrenceTimeZone: fc.constantFrom(...zones),
  occurrences: meetings,
  declinedOccurrences: meetings,
});

// What the scan builds: series from calendarView occurrences alone, recurrence unknown.
const viewedSeriesArb: fc.Arbitrary<ViewedSeriesInput> = fc.record({
  id: fc.constantFrom("s-a", "s-b", "s-c"),
  createdAt: instant(-300, 0),
  pattern: fc.constant(null),
  range: fc.constant(null),
  recurrenceTimeZone: fc.constant(null),
  occurrences: meetings,
  declinedOccurrences: meetings,
});

const seriesArb = fc.oneof(recurringSeriesArb, viewedSeriesArb);

const calendarArb: fc.Arbitrary<PairCalendar> = fc.record({
  timeZone: fc.constantFrom(...zones),
  singles: fc.array(fc.record({ start: instant(-120, 60), createdAt: instant(-300, 0) }), { maxLength: 6 }),
  series: fc.uniqueArray(seriesArb, { maxLength: 3, selector: (s) => s.id }),
});

const reversed = (cal: PairCalendar): PairCalendar => ({
  ...cal,
  singles: [...cal.singles].reverse(),
  series: [...cal.series].reverse().map((s) => ({
    ...s,
    occurrences: [...s.occurrences].reverse(),
    declinedOccurrences: [...s.declinedOccurrences].reverse(),
  })),
});

const RUNS = { seed: 20261125, numRuns: 400 };
const policy = defaultCadencePolicy;
const classify = (calendar: PairCalendar) => classifyPair({ pair, calendar }, policy, NOW);

describe("classifyPair invariants", () => {
  it("always yields a storable result, never `excluded` without an exclusion", () => {
    fc.assert(
      fc.property(calendarArb, (cal) => {
        const result = classify(cal);
        expect(pairResultSchema.parse(result)).toEqual(result);
        expect(result.status).not.toBe("excluded");
      }),
      RUNS,
    );
  });

  it("does not depend on the order Graph listed events and series in", () => {
    fc.assert(
      fc.property(calendarArb, (cal) => {
        expect(classify(reversed(cal))).toEqual(classify(cal));
      }),
      RUNS,
    );
  });

  it("never counts a declined occurrence as held or scheduled, nor in the rhythm", () => {
    const withoutDeclines = (cal: PairCalendar): PairCalendar => ({
      ...cal,
      series: cal.series.map((s) => ({ ...s, declinedOccurrences: [] })),
    });
    fc.assert(
      fc.property(calendarArb, (cal) => {
        const { lastHeld, nextScheduled, cadenceDays } = classify(cal);
        expect(classify(withoutDeclines(cal))).toMatchObject({ lastHeld, nextScheduled, cadenceDays });
      }),
      RUNS,
    );
  });

  it("is healthy or belowTarget exactly when a 1:1 was held within the floor", () => {
    fc.assert(
      fc.property(calendarArb, (cal) => {
        const { status, lastHeld } = classify(cal);
        const heldWithinFloor =
          lastHeld !== null && NOW.getTime() - Date.parse(lastHeld) <= policy.floorDays * DAY;
        expect(status === "healthy" || status === "belowTarget").toBe(heldWithinFloor);
      }),
      RUNS,
    );
  });

  it("is healthy only with a rhythm and a next 1:1 within target + tolerance", () => {
    const onTarget = policy.targetDays + policy.toleranceDays;
    fc.assert(
      fc.property(calendarArb, (cal) => {
        const result = classify(cal);
        fc.pre(result.status === "healthy");
        expect(result.cadenceDays).not.toBeNull();
        expect(result.cadenceDays!).toBeLessThanOrEqual(onTarget);
        expect(Date.parse(result.nextScheduled!) - NOW.getTime()).toBeLessThanOrEqual(onTarget * DAY);
      }),
      { ...RUNS, numRuns: 100 },
    );
  });

  it("keeps lastHeld before now and nextScheduled at or after now, both inside the window", () => {
    fc.assert(
      fc.property(calendarArb, (cal) => {
        const { lastHeld, nextScheduled, status } = classify(cal);
        const t = NOW.getTime();
        if (lastHeld) expect(Date.parse(lastHeld)).toBeGreaterThanOrEqual(t - policy.lookbackDays * DAY);
        if (lastHeld) expect(Date.parse(lastHeld)).toBeLessThan(t);
        if (nextScheduled) expect(Date.parse(nextScheduled)).toBeGreaterThanOrEqual(t);
        if (nextScheduled)
          expect(Date.parse(nextScheduled)).toBeLessThanOrEqual(t + policy.lookaheadDays * DAY);
        if (status === "missing") expect(lastHeld).toBeNull();
      }),
      RUNS,
    );
  });
});
