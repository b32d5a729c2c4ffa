import type { CustomTimeZone, MailboxSettings, ScheduleInformation } from "@microsoft/microsoft-graph-types";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { availabilityFromGraph } from "../../../../shared/domain/scheduling/availabilityFromGraph.js";

const now = new Date("2027-03-01T00:00:00Z");
const offsetAt = (zone: string, iso: string) => DateTime.fromISO(iso, { zone }).offset;

describe("availabilityFromGraph", () => {
  it("converts Windows names and Graph's time format, keeping the hours' own zone", () => {
    const mailbox: MailboxSettings = {
      timeZone: "W. Europe Standard Time",
      workingHours: {
        daysOfWeek: ["monday", "tuesday", "thursday"],
        startTime: "08:30:00.0000000",
        endTime: "16:45:00.0000000",
        timeZone: { name: "Pacific Standard Time" },
      },
    };
    expect(availabilityFromGraph(mailbox, { scheduleItems: [] }, { now })).toEqual({
      timeZone: "Europe/Berlin",
      workingHours: {
        daysOfWeek: ["monday", "tuesday", "thursday"],
        startTime: "08:30",
        endTime: "16:45",
        timeZone: "America/Los_Angeles",
      },
      busy: [],
    });
  });

  it("falls back to Graph's default hours, Monday to Friday 08:00–17:00 in the mailbox zone", () => {
    const person = availabilityFromGraph({ timeZone: "Asia/Kolkata" }, null, { now });
    expect(person.workingHours).toEqual({
      daysOfWeek: ["monday", "tuesday", "wednesday", "thursday", "friday"],
      startTime: "08:00",
      endTime: "17:00",
      timeZone: "Asia/Kolkata",
    });
  });

  it("uses the hours getSchedule returned when mailboxSettings has none", () => {
    const schedule: ScheduleInformation = {
      scheduleItems: [],
      workingHours: {
        daysOfWeek: ["monday"],
        startTime: "10:00:00.0000000",
        endTime: "12:00:00.0000000",
        timeZone: { name: "Tokyo Standard Time" },
      },
    };
    const person = availabilityFromGraph({ timeZone: "Tokyo Standard Time" }, schedule, { now });
    expect(person.workingHours).toEqual({
      daysOfWeek: ["monday"],
      startTime: "10:00",
      endTime: "12:00",
      timeZone: "Asia/Tokyo",
    });
  });

  it("matches a customized zone with US daylight rules to a zone with the same offsets", () => {
    const mailbox: MailboxSettings = {
      timeZone: "Pacific Standard Time",
      workingHours: {
        daysOfWeek: ["monday"],
        startTime: "09:00:00.0000000",
        endTime: "17:00:00.0000000",
        timeZone: {
          name: "Customized Time Zone",
          bias: 480,
          standardOffset: {
            time: "02:00:00.0000000",
            dayOccurrence: 1,
            dayOfWeek: "sunday",
            month: 11,
            year: 0,
          },
          daylightOffset: {
            daylightBias: -60,
            time: "02:00:00.0000000",
            dayOccurrence: 2,
            dayOfWeek: "sunday",
            month: 3,
            year: 0,
          },
        } as CustomTimeZone,
      },
    };
    const zone = availabilityFromGraph(mailbox, null, { now }).workingHours.timeZone;
    expect(offsetAt(zone, "2027-03-14T01:59:00")).toBe(-480);
    expect(offsetAt(zone, "2027-03-14T03:00:00")).toBe(-420);
    expect(offsetAt(zone, "2027-11-07T03:00:00")).toBe(-480);
  });

  it("matches a customized zone without daylight time, half-hour bias included", () => {
    const zone = availabilityFromGraph(
      {
        timeZone: "India Standard Time",
        workingHours: {
          daysOfWeek: ["monday"],
          startTime: "09:00:00.0000000",
          endTime: "17:00:00.0000000",
          timeZone: { name: "Customized Time Zone", bias: -330 } as CustomTimeZone,
        },
      },
      null,
      { now },
    ).workingHours.timeZone;
    expect(offsetAt(zone, "2027-01-15T12:00:00")).toBe(330);
    expect(offsetAt(zone, "2027-07-15T12:00:00")).toBe(330);
  });

  it("rejects a zone name it cannot place with a typed error", () => {
    expect(() => availabilityFromGraph({ timeZone: "Mars Standard Time" }, null, { now })).toThrow(
      expect.objectContaining({ code: "TIMEZONE.UNKNOWN" }),
    );
  });

  it("refuses working hours that are no time of day rather than hand the slot finder garbage", () => {
    const hours = (startTime: unknown) =>
      ({
        timeZone: "UTC",
        workingHours: { daysOfWeek: ["monday"], startTime, endTime: "17:00:00.0000000" },
      }) as MailboxSettings;
    expect(availabilityFromGraph(hours("09:30:00.0000000"), null, { now }).workingHours.startTime).toBe(
      "09:30",
    );
    for (const bad of [[], "ab:cd", "25:00:00", 9])
      expect(() => availabilityFromGraph(hours(bad), null, { now })).toThrow(/not a time of day/);
  });

  it("reads schedule items in the zone Graph wrote them in", () => {
    const schedule: ScheduleInformation = {
      scheduleId: "anna@contoso.com",
      availabilityView: "0220",
      scheduleItems: [
        {
          status: "busy",
          start: { dateTime: "2027-03-02T09:00:00.0000000", timeZone: "Pacific Standard Time" },
          end: { dateTime: "2027-03-02T10:00:00.0000000", timeZone: "Pacific Standard Time" },
        },
        {
          status: "workingElsewhere",
          start: { dateTime: "2027-03-03T08:00:00.0000000", timeZone: "UTC" },
          end: { dateTime: "2027-03-03T17:00:00.0000000", timeZone: "UTC" },
        },
      ],
    };
    expect(availabilityFromGraph({ timeZone: "UTC" }, schedule, { now }).busy).toEqual([
      { start: new Date("2027-03-02T17:00:00Z"), end: new Date("2027-03-02T18:00:00Z"), status: "busy" },
      {
        start: new Date("2027-03-03T08:00:00Z"),
        end: new Date("2027-03-03T17:00:00Z"),
        status: "workingElsewhere",
      },
    ]);
  });

  it("reads availabilityView when no items came, given the request's start and interval", () => {
    const busy = availabilityFromGraph(
      { timeZone: "UTC" },
      { availabilityView: "0213" },
      { now, viewStart: new Date("2027-03-02T09:00:00Z"), viewIntervalMinutes: 30 },
    ).busy;
    expect(busy).toEqual([
      { start: new Date("2027-03-02T09:30:00Z"), end: new Date("2027-03-02T10:00:00Z"), status: "busy" },
      { start: new Date("2027-03-02T10:00:00Z"), end: new Date("2027-03-02T10:30:00Z"), status: "tentative" },
      { start: new Date("2027-03-02T10:30:00Z"), end: new Date("2027-03-02T11:00:00Z"), status: "oof" },
    ]);
  });

  it("refuses to treat a schedule error as free time", () => {
    const schedule: ScheduleInformation = {
      scheduleId: "gone@contoso.com",
      error: { responseCode: "ErrorMailboxNotFound", message: "mailbox not found" },
    };
    expect(() => availabilityFromGraph({ timeZone: "UTC" }, schedule, { now })).toThrow(
      expect.objectContaining({ code: "SCHEDULE.UNAVAILABLE" }),
    );
  });
});
