import { describe, expect, it } from "vitest";
import { pairCalendarSchema } from "../../../shared/domain/pairCalendar.js";

const series = {
  id: "s-1",
  createdAt: "2026-10-01T08:12:44.1234567Z",
  pattern: { type: "weekly", interval: 2, daysOfWeek: ["wednesday"] },
  range: { type: "endDate", startDate: "2026-10-07", endDate: "2026-12-30" },
  recurrenceTimeZone: "W. Europe Standard Time",
  occurrences: [{ start: "2026-10-07T07:00:00Z" }],
};

describe("pairCalendarSchema", () => {
  it("accepts Graph's 7-digit UTC instants and defaults the zone and lists", () => {
    expect(pairCalendarSchema.parse({ series: [series] })).toMatchObject({ timeZone: "UTC", singles: [] });
  });

  it("rejects a range that does not say where it ends (endDate without a date, numbered without a count)", () => {
    const noEnd = { ...series, range: { type: "endDate", startDate: "2026-10-07" } };
    expect(pairCalendarSchema.safeParse({ series: [noEnd] }).success).toBe(false);
    const noCount = { ...series, range: { type: "numbered", startDate: "2026-10-07" } };
    expect(pairCalendarSchema.safeParse({ series: [noCount] }).success).toBe(false);
  });

  it("rejects local times without an offset (1:1 starts are instants) and unknown pattern types", () => {
    expect(
      pairCalendarSchema.safeParse({
        singles: [{ start: "2026-10-07T09:00:00", createdAt: "2026-10-01T00:00:00Z" }],
      }).success,
    ).toBe(false);
    const hourly = { ...series, pattern: { type: "hourly", interval: 1 } };
    expect(pairCalendarSchema.safeParse({ series: [hourly] }).success).toBe(false);
  });
});
