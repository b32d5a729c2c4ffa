import { describe, expect, it } from "vitest";
import {
  toIanaZone,
  UnknownTimeZoneError,
  utcToZoned,
  wallTimeToUtc,
  zonedToUtc,
  zoneOffsetMinutes,
} from "../../../shared/domain/timeZone.js";

describe("toIanaZone", () => {
  it("keeps IANA names and maps Windows names", () => {
    expect(toIanaZone("Europe/Rome")).toBe("Europe/Rome");
    expect(toIanaZone("W. Europe Standard Time")).toBe("Europe/Berlin");
    expect(toIanaZone("Pacific Standard Time")).toBe("America/Los_Angeles");
    expect(toIanaZone("UTC")).toBe("UTC");
  });
  it("rejects unknown names with a typed error", () => {
    expect(() => toIanaZone("Mars/Olympus")).toThrow(UnknownTimeZoneError);
  });
});

describe("zonedToUtc / utcToZoned", () => {
  it("round-trips Graph's 7-digit local times across DST", () => {
    const summer = zonedToUtc({
      dateTime: "2026-07-01T09:00:00.0000000",
      timeZone: "W. Europe Standard Time",
    });
    expect(summer.toISOString()).toBe("2026-07-01T07:00:00.000Z");
    const winter = zonedToUtc({ dateTime: "2026-12-01T09:00:00.0000000", timeZone: "Europe/Rome" });
    expect(winter.toISOString()).toBe("2026-12-01T08:00:00.000Z");
    expect(utcToZoned(winter, "Europe/Rome")).toEqual({
      dateTime: "2026-12-01T09:00:00.0000000",
      timeZone: "Europe/Rome",
    });
  });
});

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

describe("zoneOffsetMinutes", () => {
  it("switches at the exact transition instant", () => {
    // Rome leaves CEST at 01:00Z on Oct 25 2026.
    expect(zoneOffsetMinutes("Europe/Rome", new Date("2026-10-25T00:59:59Z"))).toBe(120);
    expect(zoneOffsetMinutes("Europe/Rome", new Date("2026-10-25T01:00:00Z"))).toBe(60);
    expect(zoneOffsetMinutes("Eastern Standard Time", Date.parse("2026-07-01T00:00:00Z"))).toBe(-240);
    expect(zoneOffsetMinutes("UTC", Date.parse("2026-07-01T00:00:00Z"))).toBe(0);
  });
});
