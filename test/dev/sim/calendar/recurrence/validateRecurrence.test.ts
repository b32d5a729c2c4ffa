import type { PatternedRecurrence } from "@microsoft/microsoft-graph-types";
import { describe, expect, it } from "vitest";
import { expandSeries, validateRecurrence } from "../../../../../dev/sim/calendar/recurrence/expandSeries.js";
import { RecurrenceError } from "../../../../../dev/sim/calendar/recurrence/recurrenceError.js";
import { patternedRecurrenceSchema } from "../../../../../dev/sim/calendar/recurrence/recurrenceSchema.js";

const weekly: PatternedRecurrence = {
  pattern: { type: "weekly", interval: 2, daysOfWeek: ["monday"], firstDayOfWeek: "sunday" },
  range: { type: "noEnd", startDate: "2026-11-02" },
};

function fieldOf(recurrence: unknown): string {
  try {
    validateRecurrence(recurrence as PatternedRecurrence);
  } catch (err) {
    expect(err).toBeInstanceOf(RecurrenceError);
    expect((err as RecurrenceError).code).toBe("RECURRENCE.INVALID");
    expect((err as RecurrenceError).message).toContain((err as RecurrenceError).field);
    return (err as RecurrenceError).field;
  }
  return "(accepted)";
}

const withPattern = (pattern: object) => ({ ...weekly, pattern });
const withRange = (range: object) => ({ ...weekly, range });

describe("validateRecurrence", () => {
  it("accepts Graph's documented examples, including the zeros Graph echoes for unused fields", () => {
    expect(fieldOf(weekly)).toBe("(accepted)");
    expect(
      fieldOf({
        pattern: {
          type: "relativeMonthly",
          interval: 1,
          month: 0,
          dayOfMonth: 0,
          daysOfWeek: ["thursday", "friday"],
          firstDayOfWeek: "sunday",
          index: "first",
        },
        range: {
          type: "noEnd",
          startDate: "2017-08-29",
          endDate: "0001-01-01",
          recurrenceTimeZone: "Pacific Standard Time",
          numberOfOccurrences: 0,
        },
      }),
    ).toBe("(accepted)");
    expect(fieldOf(withPattern({ type: "absoluteYearly", interval: 1, dayOfMonth: 29, month: 2 }))).toBe(
      "(accepted)",
    );
  });

  it.each([
    [
      "absoluteMonthly without dayOfMonth",
      withPattern({ type: "absoluteMonthly", interval: 1 }),
      "pattern.dayOfMonth",
    ],
    ["weekly without daysOfWeek", withPattern({ type: "weekly", interval: 1 }), "pattern.daysOfWeek"],
    [
      "weekly with empty daysOfWeek",
      withPattern({ type: "weekly", interval: 1, daysOfWeek: [] }),
      "pattern.daysOfWeek",
    ],
    ["interval 0", withPattern({ type: "daily", interval: 0 }), "pattern.interval"],
    ["fractional interval", withPattern({ type: "daily", interval: 1.5 }), "pattern.interval"],
    ["unknown pattern type", withPattern({ type: "hourly", interval: 1 }), "pattern.type"],
    [
      "unknown weekday, even when ignored",
      withPattern({ type: "daily", interval: 1, daysOfWeek: ["funday"] }),
      "pattern.daysOfWeek.0",
    ],
    [
      "unknown index",
      withPattern({ type: "relativeMonthly", interval: 1, daysOfWeek: ["monday"], index: "fifth" }),
      "pattern.index",
    ],
    [
      "relativeYearly without month",
      withPattern({ type: "relativeYearly", interval: 1, daysOfWeek: ["monday"] }),
      "pattern.month",
    ],
    [
      "absoluteYearly on 30 February",
      withPattern({ type: "absoluteYearly", interval: 1, dayOfMonth: 30, month: 2 }),
      "pattern.dayOfMonth",
    ],
    [
      "dayOfMonth 32",
      withPattern({ type: "absoluteMonthly", interval: 1, dayOfMonth: 32 }),
      "pattern.dayOfMonth",
    ],
    [
      "numbered without numberOfOccurrences",
      withRange({ type: "numbered", startDate: "2026-11-02" }),
      "range.numberOfOccurrences",
    ],
    [
      "numbered with 0 occurrences",
      withRange({ type: "numbered", startDate: "2026-11-02", numberOfOccurrences: 0 }),
      "range.numberOfOccurrences",
    ],
    [
      "endDate before startDate",
      withRange({ type: "endDate", startDate: "2026-11-02", endDate: "2026-11-01" }),
      "range.endDate",
    ],
    [
      "endDate range without endDate",
      withRange({ type: "endDate", startDate: "2026-11-02" }),
      "range.endDate",
    ],
    ["missing startDate", withRange({ type: "noEnd" }), "range.startDate"],
    ["impossible startDate", withRange({ type: "noEnd", startDate: "2026-02-30" }), "range.startDate"],
    ["unknown range type", withRange({ type: "forever", startDate: "2026-11-02" }), "range.type"],
    [
      "unknown recurrenceTimeZone",
      withRange({ type: "noEnd", startDate: "2026-11-02", recurrenceTimeZone: "Mars/Olympus" }),
      "range.recurrenceTimeZone",
    ],
    ["no pattern", { range: weekly.range }, "pattern"],
    ["null recurrence", null, "recurrence"],
  ])("rejects %s, naming the field", (_name, recurrence, field) => {
    expect(fieldOf(recurrence)).toBe(field);
  });

  it("is the check expandSeries applies before expanding", () => {
    const bad = withPattern({ type: "weekly", interval: 1 }) as PatternedRecurrence;
    const series = {
      start: { dateTime: "2026-11-02T09:00:00", timeZone: "UTC" },
      end: { dateTime: "2026-11-02T09:30:00", timeZone: "UTC" },
      recurrence: bad,
    };
    expect(() => expandSeries(series, new Date("2026-11-01"), new Date("2026-12-01"))).toThrow(
      RecurrenceError,
    );
  });

  it("exposes the schema for edges that want safeParse", () => {
    expect(patternedRecurrenceSchema.safeParse(weekly).success).toBe(true);
    expect(patternedRecurrenceSchema.safeParse(withPattern({ type: "weekly", interval: 1 })).success).toBe(
      false,
    );
  });
});
