import type { Event } from "@microsoft/microsoft-graph-types";
import { describe, expect, it } from "vitest";
import { defaultCadencePolicy } from "../../../shared/domain/cadencePolicy.js";
import { classifyPair } from "../../../shared/domain/classifyPair.js";
import { pairCalendarFromEvents } from "../../../shared/domain/pairCalendarFromEvents.js";
import { at, attendee, event, MARA, NOW, pair, RUI } from "./pairFixtures.js";

/** Mara's bi-weekly series with Rui, Wednesdays 09:00 UTC since 2026-10-07, as Graph returns its master. */
const master: Event = {
  ...event("2026-10-07T09:00:00Z"),
  id: "master-1",
  type: "seriesMaster",
  createdDateTime: "2026-10-01T08:12:44.1234567Z",
  recurrence: {
    pattern: { type: "weekly", interval: 2, daysOfWeek: ["wednesday"], firstDayOfWeek: "sunday" },
    range: { type: "noEnd", startDate: "2026-10-07", endDate: "0001-01-01", recurrenceTimeZone: "UTC" },
  },
};

const occurrence = (days: number, overrides: Partial<Event> = {}): Event =>
  event(at(days), { type: "occurrence", seriesMasterId: "master-1", ...overrides });

const occurrences = [-49, -35, -21, -7, 7, 21, 35].map((d) => occurrence(d));

function classifyEvents(events: Event[], seriesMasters: Event[] = [master], timeZone?: string) {
  const calendar = pairCalendarFromEvents({ pair, events, seriesMasters, timeZone });
  return classifyPair({ pair, calendar }, defaultCadencePolicy, NOW);
}

describe("pairCalendarFromEvents", () => {
  it("groups the series' 1:1 occurrences under their master, with its pattern, range and creation date", () => {
    const calendar = pairCalendarFromEvents({ pair, events: occurrences, seriesMasters: [master] });
    expect(calendar.singles).toEqual([]);
    expect(calendar.series).toEqual([
      {
        id: "master-1",
        createdAt: "2026-10-01T08:12:44.1234567Z",
        pattern: { type: "weekly", interval: 2, daysOfWeek: ["wednesday"] },
        range: { type: "noEnd", startDate: "2026-10-07" },
        recurrenceTimeZone: "UTC",
        occurrences: occurrences.map((o) => ({ start: new Date(`${o.start?.dateTime}Z`).toISOString() })),
      },
    ]);
    expect(classifyEvents(occurrences).status).toBe("healthy");
  });

  it("uses a moved occurrence (exception) at its new time", () => {
    const moved = occurrence(-6, { type: "exception" }); // Thursday instead of Wednesday
    const result = classifyEvents([...occurrences.filter((_, i) => i !== 3), moved]);
    expect(result).toMatchObject({ status: "healthy", lastHeld: at(-6) });
  });

  it("skips a cancelled occurrence still shown in the calendar", () => {
    const events = occurrences.map((o, i) => (i === 3 ? { ...o, isCancelled: true } : o));
    expect(classifyEvents(events)).toMatchObject({ status: "healthy", lastHeld: at(-21) });
  });

  it("skips occurrences the report declined", () => {
    const events = occurrences.map((o) =>
      Date.parse(`${o.start?.dateTime}Z`) < NOW.getTime() - 20 * 86_400_000
        ? o
        : { ...o, attendees: [attendee(RUI, "declined")] },
    );
    expect(classifyEvents(events)).toMatchObject({
      lastHeld: at(-21),
      nextScheduled: null,
      status: "belowTarget",
    });
  });

  it("is lapsed when the series master still exists but every occurrence was cancelled (none in the view)", () => {
    const result = classifyEvents([]);
    expect(result).toMatchObject({ status: "lapsed", seriesId: "master-1" });
    expect(result.reason).toMatch(
      /weekly-2 series since 2026-10-07 still exists, but its occurrences are cancelled or declined/,
    );
  });

  it("keeps a series the manager declined as a whole: it still exists, its occurrences are not 1:1s", () => {
    const fromRui = {
      organizer: { emailAddress: { address: RUI } },
      responseStatus: { response: "declined" as const },
    };
    const declinedMaster = { ...master, ...fromRui, attendees: [attendee(MARA, "declined")] };
    const declined = occurrences.map((o) => ({ ...o, ...fromRui, attendees: [attendee(MARA, "declined")] }));
    expect(classifyEvents(declined, [declinedMaster]).status).toBe("lapsed");
  });

  it("ignores a cancelled series master and series masters of other meetings", () => {
    expect(classifyEvents([], [{ ...master, isCancelled: true }]).status).toBe("missing");
    const team = { ...master, attendees: [attendee(RUI), attendee("ines@contoso.com")] };
    expect(classifyEvents([], [team]).status).toBe("missing");
  });

  it("counts an occurrence whose master is not given as a single 1:1", () => {
    const calendar = pairCalendarFromEvents({ pair, events: [occurrence(-7)], seriesMasters: [] });
    expect(calendar.singles).toEqual([{ start: at(-7), createdAt: "2026-01-05T10:00:00.1234567Z" }]);
  });

  it("drops meetings that are not the pair's 1:1s: third person, all-day, declined, and skips masters in the view", () => {
    const calendar = pairCalendarFromEvents({
      pair,
      events: [
        event(at(-3), { attendees: [attendee(RUI), attendee("ines@contoso.com")] }),
        event(at(-4), { isAllDay: true }),
        event(at(-5), { responseStatus: { response: "declined" } }),
        master,
      ],
      seriesMasters: [],
    });
    expect(calendar).toEqual({ timeZone: "UTC", singles: [], series: [] });
  });

  it("keeps a private 1:1 with a room, organized by the report", () => {
    const privateWithRoom = event(at(-3), {
      sensitivity: "private",
      organizer: { emailAddress: { address: RUI } },
      attendees: [
        attendee(MARA, "tentativelyAccepted"),
        attendee("room-2@contoso.com", "accepted", "resource"),
      ],
      responseStatus: { response: "tentativelyAccepted" },
    });
    expect(
      pairCalendarFromEvents({ pair, events: [privateWithRoom], seriesMasters: [] }).singles,
    ).toHaveLength(1);
  });

  it("reads start times given in a Windows time zone, across the DST change", () => {
    // 09:00 in Rome is 07:00Z in summer time (until 2026-10-25) and 08:00Z after.
    const rome = "W. Europe Standard Time";
    const events = [
      "2026-10-21T09:00:00.0000000",
      "2026-11-04T09:00:00.0000000",
      "2026-11-18T09:00:00.0000000",
    ].map((local) => event(local, { type: "occurrence", seriesMasterId: "master-1" }, rome));
    const romeMaster = {
      ...master,
      start: { dateTime: "2026-10-07T09:00:00.0000000", timeZone: rome },
      recurrence: { ...master.recurrence, range: { type: "noEnd" as const, startDate: "2026-10-07" } },
    };
    const calendar = pairCalendarFromEvents({ pair, events, seriesMasters: [romeMaster], timeZone: rome });
    expect(calendar.series[0]?.recurrenceTimeZone).toBe(rome);
    expect(calendar.series[0]?.occurrences.map((o) => o.start)).toEqual([
      "2026-10-21T07:00:00.000Z",
      "2026-11-04T08:00:00.000Z",
      "2026-11-18T08:00:00.000Z",
    ]);
    const result = classifyPair({ pair, calendar }, defaultCadencePolicy, NOW);
    expect(result).toMatchObject({ lastHeld: "2026-11-18T08:00:00.000Z", cadenceDays: 14 });
  });

  it("dates the reason in the manager's zone: a late-evening 1:1 in Los Angeles is the next day in UTC", () => {
    const evening = event("2026-11-17T18:00:00.0000000", {}, "Pacific Standard Time"); // 02:00Z on 11-18
    const inUtc = classifyEvents([evening], [], undefined);
    const inLa = classifyEvents([evening], [], "Pacific Standard Time");
    expect(inUtc.lastHeld).toBe("2026-11-18T02:00:00.000Z");
    expect(inUtc.reason).toMatch(/^last held 2026-11-18;/);
    expect(inLa.reason).toMatch(/^last held 2026-11-17;/);
  });

  it("takes a numbered range and the event's zone when the range names none", () => {
    const numbered = {
      ...master,
      start: { dateTime: "2026-10-07T09:00:00.0000000", timeZone: "Europe/Lisbon" },
      recurrence: {
        pattern: { type: "daily" as const, interval: 0 },
        range: { type: "numbered" as const, startDate: "2026-10-07", numberOfOccurrences: 12 },
      },
    };
    const calendar = pairCalendarFromEvents({ pair, events: [], seriesMasters: [numbered] });
    expect(calendar.series[0]).toMatchObject({
      pattern: { type: "daily", interval: 1, daysOfWeek: [] },
      range: { type: "numbered", startDate: "2026-10-07", numberOfOccurrences: 12 },
      recurrenceTimeZone: "Europe/Lisbon",
    });
  });
});
