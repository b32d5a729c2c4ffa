import { describe, expect, it } from "vitest";
import { toIanaZone, UnknownTimeZoneError, utcToZoned, zonedToUtc } from "../../../shared/domain/timeZone.js";

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
