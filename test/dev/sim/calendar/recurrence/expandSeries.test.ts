// Hand-checked cases: every expected date below was worked out from a printed calendar, with the reason beside it.
import type {
  PatternedRecurrence,
  RecurrencePattern,
  RecurrenceRange,
} from "@microsoft/microsoft-graph-types";
import { describe, expect, it } from "vitest";
import { expandSeries, seriesExtent } from "../../../../../dev/sim/calendar/recurrence/expandSeries.js";

type Series = Parameters<typeof expandSeries>[0];

function series(
  start: string,
  end: string,
  timeZone: string,
  pattern: RecurrencePattern,
  range: RecurrenceRange,
  isAllDay?: boolean,
): Series {
  return {
    start: { dateTime: start, timeZone },
    end: { dateTime: end, timeZone },
    isAllDay,
    recurrence: { pattern, range } satisfies PatternedRecurrence,
  };
}

function dates(s: Series, from = "2000-01-01T00:00:00Z", to = "2100-01-01T00:00:00Z"): string[] {
  return expandSeries(s, new Date(from), new Date(to)).map((o) => o.originalDate);
}

function instants(s: Series, from: string, to: string): [string, string, string][] {
  return expandSeries(s, new Date(from), new Date(to)).map((o) => [
    o.originalDate,
    o.start.toISOString(),
    o.end.toISOString(),
  ]);
}

describe("expandSeries: pattern types", () => {
  it("daily every 3 days counts days from the start date", () => {
    const s = series(
      "2026-11-02T09:00:00.0000000",
      "2026-11-02T09:30:00.0000000",
      "Europe/Rome",
      { type: "daily", interval: 3 },
      { type: "numbered", startDate: "2026-11-02", numberOfOccurrences: 4 },
    );
    expect(dates(s)).toEqual(["2026-11-02", "2026-11-05", "2026-11-08", "2026-11-11"]);
  });

  it("weekly interval 2: the week boundary (firstDayOfWeek) decides which weeks are on", () => {
    const pattern = (firstDayOfWeek: "sunday" | "monday"): RecurrencePattern => ({
      type: "weekly",
      interval: 2,
      daysOfWeek: ["sunday", "monday"],
      firstDayOfWeek,
    });
    const range: RecurrenceRange = { type: "noEnd", startDate: "2026-11-01" };
    const make = (fdow: "sunday" | "monday") =>
      series("2026-11-01T10:00:00", "2026-11-01T10:30:00", "UTC", pattern(fdow), range);
    // Sunday weeks: Sun 1–Sat 7 (1, 2) on, 8–14 off, 15–21 (15, 16) on, 22–28 off, 29 (29, 30) on.
    expect(dates(make("sunday"), "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z")).toEqual([
      "2026-11-01",
      "2026-11-02",
      "2026-11-15",
      "2026-11-16",
      "2026-11-29",
      "2026-11-30",
    ]);
    // Monday weeks: Mon Oct 26–Sun Nov 1 (only the 1st is on/after the start) on, Nov 2–8 off, 9–15 (9, 15) on,
    // 16–22 off, 23–29 (23, 29) on.
    expect(dates(make("monday"), "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z")).toEqual([
      "2026-11-01",
      "2026-11-09",
      "2026-11-15",
      "2026-11-23",
      "2026-11-29",
    ]);
  });

  it("weekly interval 2 anchors at the first occurrence, not at the start date's week", () => {
    // Start Wed Nov 4; the first Monday on/after it is Nov 9, and every other week from there (Exchange keeps the
    // week of the first occurrence; RFC 5545 would have counted from the start's week and given Nov 16).
    const s = series(
      "2026-11-04T09:00:00",
      "2026-11-04T09:30:00",
      "UTC",
      { type: "weekly", interval: 2, daysOfWeek: ["monday"], firstDayOfWeek: "sunday" },
      { type: "numbered", startDate: "2026-11-04", numberOfOccurrences: 3 },
    );
    expect(dates(s)).toEqual(["2026-11-09", "2026-11-23", "2026-12-07"]);
  });

  it("relativeMonthly last Friday", () => {
    // Last Fridays: Sep 2026 → 25, Oct → 30, Nov → 27, Dec → 25.
    const s = series(
      "2026-09-01T15:00:00",
      "2026-09-01T16:00:00",
      "Europe/Rome",
      { type: "relativeMonthly", interval: 1, daysOfWeek: ["friday"], index: "last" },
      { type: "noEnd", startDate: "2026-09-01" },
    );
    expect(dates(s, "2026-09-01T00:00:00Z", "2027-01-01T00:00:00Z")).toEqual([
      "2026-09-25",
      "2026-10-30",
      "2026-11-27",
      "2026-12-25",
    ]);
  });

  it("relativeMonthly interval 2 follows Graph's documented example (first Thursday, start Aug 29 2017)", () => {
    // Graph docs: "Because the value of startDate is after the first Thursday in August, the first occurrence of
    // this series will be in September." First Thursdays: Sep 7 2017, then Nov 2 2017, Jan 4 2018.
    const s = series(
      "2017-08-29T14:00:00",
      "2017-08-29T15:00:00",
      "Pacific Standard Time",
      { type: "relativeMonthly", interval: 2, daysOfWeek: ["thursday"], index: "first" },
      { type: "noEnd", startDate: "2017-08-29" },
    );
    expect(dates(s, "2017-08-01T00:00:00Z", "2018-02-01T00:00:00Z")).toEqual([
      "2017-09-07",
      "2017-11-02",
      "2018-01-04",
    ]);
  });

  it("relativeMonthly with several days counts their instances together (the second weekday)", () => {
    const weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday"] as const;
    const s = series(
      "2026-11-01T09:00:00",
      "2026-11-01T09:30:00",
      "UTC",
      { type: "relativeMonthly", interval: 1, daysOfWeek: [...weekdays], index: "second" },
      { type: "numbered", startDate: "2026-11-01", numberOfOccurrences: 2 },
    );
    // Nov 2026 starts on a Sunday: weekdays Mon 2, Tue 3 → 3. Dec starts on a Tuesday: Tue 1, Wed 2 → 2.
    expect(dates(s)).toEqual(["2026-11-03", "2026-12-02"]);
    const last = series(
      "2027-01-01T09:00:00",
      "2027-01-01T09:30:00",
      "UTC",
      {
        type: "relativeMonthly",
        interval: 1,
        daysOfWeek: [...weekdays],
        index: "last",
      } as RecurrencePattern,
      { type: "numbered", startDate: "2027-01-01", numberOfOccurrences: 1 },
    );
    // Jan 31 2027 is a Sunday, the 30th a Saturday: the last weekday is Friday the 29th.
    expect(dates(last)).toEqual(["2027-01-29"]);
  });

  it("absoluteMonthly on the 31st falls on the last day of shorter months (EWS: 'the last day of the month is assumed')", () => {
    const s = series(
      "2027-01-31T09:00:00",
      "2027-01-31T10:00:00",
      "UTC",
      { type: "absoluteMonthly", interval: 1, dayOfMonth: 31 },
      { type: "numbered", startDate: "2027-01-31", numberOfOccurrences: 5 },
    );
    expect(dates(s)).toEqual(["2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30", "2027-05-31"]);
  });

  it("absoluteYearly Feb 29 falls on Feb 28 outside leap years (as Outlook/CDO generate it)", () => {
    const s = series(
      "2028-02-29T12:00:00",
      "2028-02-29T13:00:00",
      "UTC",
      { type: "absoluteYearly", interval: 1, dayOfMonth: 29, month: 2 },
      { type: "numbered", startDate: "2028-02-29", numberOfOccurrences: 5 },
    );
    expect(dates(s)).toEqual(["2028-02-29", "2029-02-28", "2030-02-28", "2031-02-28", "2032-02-29"]);
  });

  it("absoluteYearly every 3 years starts at the first 15 April on/after the start date", () => {
    // Start May 1 2026: April 15 2026 is past, so the first is 2027 and the interval counts from there.
    const s = series(
      "2026-05-01T09:00:00",
      "2026-05-01T10:00:00",
      "UTC",
      { type: "absoluteYearly", interval: 3, dayOfMonth: 15, month: 4 },
      { type: "numbered", startDate: "2026-05-01", numberOfOccurrences: 3 },
    );
    expect(dates(s)).toEqual(["2027-04-15", "2030-04-15", "2033-04-15"]);
  });

  it("relativeYearly last Wednesday of November", () => {
    // Nov 2026: Wednesdays 4…25; Nov 2027 starts on a Monday: 3…24; Nov 2028 starts on a Wednesday: 1…29.
    const s = series(
      "2026-01-01T09:00:00",
      "2026-01-01T10:00:00",
      "UTC",
      { type: "relativeYearly", interval: 1, daysOfWeek: ["wednesday"], index: "last", month: 11 },
      { type: "numbered", startDate: "2026-01-01", numberOfOccurrences: 3 },
    );
    expect(dates(s)).toEqual(["2026-11-25", "2027-11-24", "2028-11-29"]);
  });
});

describe("expandSeries: ranges", () => {
  it("endDate is inclusive and the last occurrence is the last fitting date (Graph docs: Mondays to Dec 31 2017)", () => {
    const s = series(
      "2017-09-04T13:00:00",
      "2017-09-04T13:30:00",
      "UTC",
      { type: "weekly", interval: 1, daysOfWeek: ["monday"] },
      { type: "endDate", startDate: "2017-09-04", endDate: "2017-12-31" },
    );
    const all = dates(s);
    expect(all).toHaveLength(17); // Sep 4 … Dec 25, every Monday
    expect(all.at(-1)).toBe("2017-12-25");
    const daily = series(
      "2026-11-02T23:30:00",
      "2026-11-03T00:15:00",
      "Europe/Rome",
      { type: "daily", interval: 1 },
      { type: "endDate", startDate: "2026-11-02", endDate: "2026-11-05" },
    );
    // The end date itself (late evening, local) is still in.
    expect(dates(daily)).toEqual(["2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05"]);
  });

  it("numbered counts matched occurrences from the first one, across weeks", () => {
    // Start Thu Nov 5 with Tue+Thu: 5 (Thu), 10 (Tue), 12 (Thu), 17 (Tue).
    const s = series(
      "2026-11-05T09:00:00",
      "2026-11-05T09:30:00",
      "UTC",
      { type: "weekly", interval: 1, daysOfWeek: ["tuesday", "thursday"] },
      { type: "numbered", startDate: "2026-11-05", numberOfOccurrences: 4 },
    );
    expect(dates(s)).toEqual(["2026-11-05", "2026-11-10", "2026-11-12", "2026-11-17"]);
    // The count is a property of the series, not of the window asked for.
    expect(dates(s, "2026-11-11T00:00:00Z", "2027-01-01T00:00:00Z")).toEqual(["2026-11-12", "2026-11-17"]);
  });
});

describe("expandSeries: time zones and DST", () => {
  it("a bi-weekly 30-minute series in Europe/Rome keeps 10:00 local across the October change", () => {
    // CEST (UTC+2) until Sun Oct 25 2026 03:00, then CET (UTC+1): 10:00 local is 08:00Z, then 09:00Z.
    const s = series(
      "2026-10-15T10:00:00.0000000",
      "2026-10-15T10:30:00.0000000",
      "Europe/Rome",
      { type: "weekly", interval: 2, daysOfWeek: ["thursday"], firstDayOfWeek: "monday" },
      { type: "noEnd", startDate: "2026-10-15" },
    );
    expect(instants(s, "2026-10-01T00:00:00Z", "2026-11-20T00:00:00Z")).toEqual([
      ["2026-10-15", "2026-10-15T08:00:00.000Z", "2026-10-15T08:30:00.000Z"],
      ["2026-10-29", "2026-10-29T09:00:00.000Z", "2026-10-29T09:30:00.000Z"],
      ["2026-11-12", "2026-11-12T09:00:00.000Z", "2026-11-12T09:30:00.000Z"],
    ]);
  });

  it("America/Los_Angeles in March: UTC hour moves, and 02:30 on the change day moves forward to 03:30", () => {
    const weekly = series(
      "2026-03-02T09:00:00",
      "2026-03-02T09:30:00",
      "America/Los_Angeles",
      { type: "weekly", interval: 1, daysOfWeek: ["monday"] },
      { type: "noEnd", startDate: "2026-03-02" },
    );
    // PST (UTC-8) until Sun Mar 8 2026 02:00, then PDT (UTC-7).
    expect(instants(weekly, "2026-03-01T00:00:00Z", "2026-03-10T00:00:00Z")).toEqual([
      ["2026-03-02", "2026-03-02T17:00:00.000Z", "2026-03-02T17:30:00.000Z"],
      ["2026-03-09", "2026-03-09T16:00:00.000Z", "2026-03-09T16:30:00.000Z"],
    ]);
    const gap = series(
      "2026-03-07T02:30:00",
      "2026-03-07T03:00:00",
      "Pacific Standard Time",
      { type: "daily", interval: 1 },
      { type: "numbered", startDate: "2026-03-07", numberOfOccurrences: 3 },
    );
    // Mar 7 02:30 PST = 10:30Z; Mar 8 02:30 does not exist → 03:30 PDT = 10:30Z, still 30 minutes;
    // Mar 9 02:30 PDT = 09:30Z.
    expect(instants(gap, "2026-03-01T00:00:00Z", "2026-03-20T00:00:00Z")).toEqual([
      ["2026-03-07", "2026-03-07T10:30:00.000Z", "2026-03-07T11:00:00.000Z"],
      ["2026-03-08", "2026-03-08T10:30:00.000Z", "2026-03-08T11:00:00.000Z"],
      ["2026-03-09", "2026-03-09T09:30:00.000Z", "2026-03-09T10:00:00.000Z"],
    ]);
  });

  it("the repeated fall-back hour takes its first (daylight) instance", () => {
    // LA: Nov 1 2026 01:30 happens twice (PDT 08:30Z, then PST 09:30Z); Exchange-like: the first.
    const s = series(
      "2026-10-31T01:30:00",
      "2026-10-31T02:00:00",
      "America/Los_Angeles",
      { type: "daily", interval: 1 },
      { type: "numbered", startDate: "2026-10-31", numberOfOccurrences: 3 },
    );
    expect(instants(s, "2026-10-30T00:00:00Z", "2026-11-05T00:00:00Z").map((o) => o[1])).toEqual([
      "2026-10-31T08:30:00.000Z",
      "2026-11-01T08:30:00.000Z",
      "2026-11-02T09:30:00.000Z",
    ]);
    // Rome: Oct 25 2026 02:30 happens at 00:30Z (CEST) and 01:30Z (CET).
    const rome = series(
      "2026-10-24T02:30:00",
      "2026-10-24T03:00:00",
      "Europe/Rome",
      { type: "daily", interval: 1 },
      { type: "numbered", startDate: "2026-10-24", numberOfOccurrences: 2 },
    );
    expect(instants(rome, "2026-10-20T00:00:00Z", "2026-10-30T00:00:00Z").map((o) => o[1])).toEqual([
      "2026-10-24T00:30:00.000Z",
      "2026-10-25T00:30:00.000Z",
    ]);
  });

  it("a master written inside the spring-forward gap keeps its written time on the other days", () => {
    // Rome Mar 29 2026: 02:00 CET jumps to 03:00 CEST. A daily 02:30 series starting that day is at 03:30 CEST
    // (01:30Z) on the first day only, and back at 02:30 CEST (00:30Z) afterwards.
    const s = series(
      "2026-03-29T02:30:00",
      "2026-03-29T03:00:00",
      "Europe/Rome",
      { type: "daily", interval: 1 },
      { type: "numbered", startDate: "2026-03-29", numberOfOccurrences: 2 },
    );
    expect(instants(s, "2026-03-28T00:00:00Z", "2026-04-01T00:00:00Z").map((o) => o[1])).toEqual([
      "2026-03-29T01:30:00.000Z",
      "2026-03-30T00:30:00.000Z",
    ]);
  });

  it("Australia/Sydney: DST ends in April and starts in October (southern hemisphere)", () => {
    const s = series(
      "2026-03-30T09:00:00",
      "2026-03-30T09:45:00",
      "Australia/Sydney",
      { type: "weekly", interval: 1, daysOfWeek: ["monday"] },
      { type: "noEnd", startDate: "2026-03-30" },
    );
    // AEDT (UTC+11) until Sun Apr 5 2026 03:00, AEST (UTC+10) until Sun Oct 4 2026 02:00, then AEDT again.
    expect(instants(s, "2026-03-29T00:00:00Z", "2026-04-07T00:00:00Z")).toEqual([
      ["2026-03-30", "2026-03-29T22:00:00.000Z", "2026-03-29T22:45:00.000Z"],
      ["2026-04-06", "2026-04-05T23:00:00.000Z", "2026-04-05T23:45:00.000Z"],
    ]);
    expect(instants(s, "2026-09-27T00:00:00Z", "2026-10-06T00:00:00Z")).toEqual([
      ["2026-09-28", "2026-09-27T23:00:00.000Z", "2026-09-27T23:45:00.000Z"],
      ["2026-10-05", "2026-10-04T22:00:00.000Z", "2026-10-04T22:45:00.000Z"],
    ]);
  });

  it("recurrenceTimeZone is where the pattern and the time of day live, even if start is given in UTC", () => {
    // 08:00Z on Mon Mar 22 2027 is 09:00 in Rome (CET); Rome switches to CEST on Sun Mar 28 2027, so the next
    // Monday is 09:00 CEST = 07:00Z. The series is in a Windows-named zone for good measure.
    const s = series(
      "2027-03-22T08:00:00",
      "2027-03-22T08:30:00",
      "UTC",
      { type: "weekly", interval: 1, daysOfWeek: ["monday"] },
      { type: "noEnd", startDate: "2027-03-22", recurrenceTimeZone: "W. Europe Standard Time" },
    );
    expect(instants(s, "2027-03-20T00:00:00Z", "2027-04-01T00:00:00Z").map((o) => o[1])).toEqual([
      "2027-03-22T08:00:00.000Z",
      "2027-03-29T07:00:00.000Z",
    ]);
  });
});

describe("expandSeries: windows", () => {
  it("answers a window decades into a noEnd series", () => {
    // Every other Tuesday from Jan 6 2026: 2046-06-12 is 533 × 14 days later, then 06-26. 09:00 CEST = 07:00Z.
    const s = series(
      "2026-01-06T09:00:00",
      "2026-01-06T09:30:00",
      "Europe/Rome",
      { type: "weekly", interval: 2, daysOfWeek: ["tuesday"], firstDayOfWeek: "monday" },
      { type: "noEnd", startDate: "2026-01-06" },
    );
    expect(instants(s, "2046-06-01T00:00:00Z", "2046-07-01T00:00:00Z")).toEqual([
      ["2046-06-12", "2046-06-12T07:00:00.000Z", "2046-06-12T07:30:00.000Z"],
      ["2046-06-26", "2046-06-26T07:00:00.000Z", "2046-06-26T07:30:00.000Z"],
    ]);
  });

  it("includes an occurrence that started before the window and still runs; excludes one that just ended", () => {
    const s = series(
      "2026-11-02T09:00:00",
      "2026-11-02T10:00:00",
      "UTC",
      { type: "daily", interval: 1 },
      { type: "noEnd", startDate: "2026-11-02" },
    );
    expect(dates(s, "2026-11-03T09:30:00Z", "2026-11-03T12:00:00Z")).toEqual(["2026-11-03"]);
    // [start, end) is half-open on both sides: ending exactly at the window start, starting exactly at its end.
    expect(dates(s, "2026-11-03T10:00:00Z", "2026-11-04T09:00:00Z")).toEqual([]);
  });

  it("all-day occurrences span whole local days, and a multi-day one overlaps windows in its middle", () => {
    const s = series(
      "2026-11-06T00:00:00.0000000",
      "2026-11-09T00:00:00.0000000",
      "Europe/Rome",
      { type: "weekly", interval: 1, daysOfWeek: ["friday"] },
      { type: "noEnd", startDate: "2026-11-06" },
      true,
    );
    // Fri 00:00 CET = Thu 23:00Z; three days later, Mon 00:00 CET = Sun 23:00Z.
    expect(instants(s, "2026-11-08T12:00:00Z", "2026-11-08T13:00:00Z")).toEqual([
      ["2026-11-06", "2026-11-05T23:00:00.000Z", "2026-11-08T23:00:00.000Z"],
    ]);
  });

  it("returns nothing for an empty or inverted window", () => {
    const s = series(
      "2026-11-02T09:00:00",
      "2026-11-02T10:00:00",
      "UTC",
      { type: "daily", interval: 1 },
      { type: "noEnd", startDate: "2026-11-02" },
    );
    expect(dates(s, "2026-11-05T00:00:00Z", "2026-11-05T00:00:00Z")).toEqual([]);
    expect(dates(s, "2026-11-06T00:00:00Z", "2026-11-05T00:00:00Z")).toEqual([]);
  });
});

describe("seriesExtent", () => {
  const weekly = (range: RecurrenceRange) =>
    series(
      "2026-11-05T09:00:00",
      "2026-11-05T09:30:00",
      "Europe/Rome",
      { type: "weekly", interval: 1, daysOfWeek: ["tuesday", "thursday"] },
      range,
    );

  it("gives first and last occurrences of bounded ranges without expanding them", () => {
    // Numbered 4 from Thu Nov 5: 5, 10, 12, 17 (see above); 09:00 CET = 08:00Z.
    const numbered = seriesExtent(
      weekly({ type: "numbered", startDate: "2026-11-05", numberOfOccurrences: 4 }),
    );
    expect(numbered?.first.originalDate).toBe("2026-11-05");
    expect(numbered?.last?.originalDate).toBe("2026-11-17");
    expect(numbered?.last?.start.toISOString()).toBe("2026-11-17T08:00:00.000Z");
    // endDate Sunday Nov 29: the last Tuesday/Thursday on or before it is Thursday the 26th.
    const ended = seriesExtent(weekly({ type: "endDate", startDate: "2026-11-05", endDate: "2026-11-29" }));
    expect(ended?.last?.originalDate).toBe("2026-11-26");
  });

  it("has no last occurrence for noEnd, and nothing when the range ends before the first fitting date", () => {
    const open = seriesExtent(weekly({ type: "noEnd", startDate: "2026-11-04" }));
    expect(open?.first.originalDate).toBe("2026-11-05");
    expect(open?.last).toBeUndefined();
    // Fri Nov 6 to Mon Nov 9 holds no Tuesday or Thursday.
    expect(
      seriesExtent(weekly({ type: "endDate", startDate: "2026-11-06", endDate: "2026-11-09" })),
    ).toBeUndefined();
  });
});
