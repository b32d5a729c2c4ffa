import { describe, expect, it } from "vitest";
import { wallTimeToUtc } from "../../../../../dev/sim/calendar/recurrence/wallTimeToUtc.js";

describe("wallTimeToUtc", () => {
  it("reads ordinary wall times in IANA and Windows zones", () => {
    const wall = { year: 2026, month: 7, day: 1, hour: 9, minute: 0 };
    expect(wallTimeToUtc(wall, "Europe/Rome").toISOString()).toBe("2026-07-01T07:00:00.000Z");
    expect(wallTimeToUtc(wall, "Pacific Standard Time").toISOString()).toBe("2026-07-01T16:00:00.000Z");
  });
  it("moves a time in the spring-forward gap forward by the gap", () => {
    // LA Mar 8 2026: 02:00 PST jumps to 03:00 PDT, so 02:30 is read as 03:30 PDT = 10:30Z.
    const wall = { year: 2026, month: 3, day: 8, hour: 2, minute: 30 };
    expect(wallTimeToUtc(wall, "America/Los_Angeles").toISOString()).toBe("2026-03-08T10:30:00.000Z");
    // Sydney Oct 4 2026: 02:00 AEST jumps to 03:00 AEDT; 02:30 → 03:30 AEDT = Oct 3 16:30Z.
    expect(wallTimeToUtc({ ...wall, month: 10, day: 4 }, "Australia/Sydney").toISOString()).toBe(
      "2026-10-03T16:30:00.000Z",
    );
  });
  it("takes the first instance of a repeated fall-back time in every hemisphere", () => {
    // luxon alone picks the second instance in LA and Rome but the first in Sydney; we want the first everywhere.
    expect(
      wallTimeToUtc(
        { year: 2026, month: 11, day: 1, hour: 1, minute: 30 },
        "America/Los_Angeles",
      ).toISOString(),
    ).toBe("2026-11-01T08:30:00.000Z");
    expect(
      wallTimeToUtc({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, "Europe/Rome").toISOString(),
    ).toBe("2026-10-25T00:30:00.000Z");
    expect(
      wallTimeToUtc({ year: 2026, month: 4, day: 5, hour: 2, minute: 30 }, "Australia/Sydney").toISOString(),
    ).toBe("2026-04-04T15:30:00.000Z");
  });
});
