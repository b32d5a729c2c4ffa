import { describe, expect, it } from "vitest";
import {
  graphZoneToIana,
  toIanaZone,
  UnknownTimeZoneError,
  utcToZoned,
  zonedToUtc,
  zoneOffsetMinutes,
  zoneOffsetReader,
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

describe("zoneOffsetMinutes", () => {
  it("switches at the exact transition instant", () => {
    // Rome leaves CEST at 01:00Z on Oct 25 2026.
    expect(zoneOffsetMinutes("Europe/Rome", new Date("2026-10-25T00:59:59Z"))).toBe(120);
    expect(zoneOffsetMinutes("Europe/Rome", new Date("2026-10-25T01:00:00Z"))).toBe(60);
    expect(zoneOffsetMinutes("Eastern Standard Time", Date.parse("2026-07-01T00:00:00Z"))).toBe(-240);
    expect(zoneOffsetMinutes("UTC", Date.parse("2026-07-01T00:00:00Z"))).toBe(0);
  });
});

describe("zoneOffsetReader", () => {
  it("reads the same offsets as zoneOffsetMinutes inside and outside its range", () => {
    const from = Date.parse("2027-03-01T00:00:00Z");
    const to = Date.parse("2027-04-15T00:00:00Z");
    for (const zone of ["America/New_York", "Europe/Rome", "Asia/Kathmandu", "Australia/Sydney"]) {
      const read = zoneOffsetReader(zone, from, to);
      for (let t = from - 5 * 86_400_000; t < to + 5 * 86_400_000; t += 3_600_000 * 7 + 60_000)
        expect(read(t)).toBe(zoneOffsetMinutes(zone, t));
    }
    const rome = zoneOffsetReader("Europe/Rome", from, to);
    expect(rome(Date.parse("2027-03-28T00:59:59Z"))).toBe(60);
    expect(rome(Date.parse("2027-03-28T01:00:00Z"))).toBe(120);
  });
});

describe("graphZoneToIana", () => {
  it("converts named zones and places customized ones by their rules", () => {
    expect(graphZoneToIana({ name: "Tokyo Standard Time" }, 2027)).toBe("Asia/Tokyo");
    const nepal = graphZoneToIana({ name: "Customized Time Zone", bias: -345 }, 2027);
    expect(zoneOffsetMinutes(nepal, Date.parse("2027-06-01T00:00:00Z"))).toBe(345);
    expect(graphZoneToIana({ name: "Customized Time Zone", bias: 300 }, 2027)).toBe("Etc/GMT+5");
  });
  it("rejects a name without rules it cannot place", () => {
    expect(() => graphZoneToIana({ name: "Customized Time Zone" }, 2027)).toThrow(UnknownTimeZoneError);
  });
});
