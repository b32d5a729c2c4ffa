import type { Event } from "@microsoft/microsoft-graph-types";
import { describe, expect, it } from "vitest";
import { defaultCadencePolicy } from "../../../shared/domain/cadencePolicy.js";
import { classifyPair } from "../../../shared/domain/classifyPair.js";
import { pairCalendarFromEvents } from "../../../shared/domain/pairCalendarFromEvents.js";
import { pairResultSchema } from "../../../shared/domain/pairResult.js";
import { zonedToUtc } from "../../../shared/domain/timeZone.js";
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
        declinedOccurrences: [],
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

  it("counts an occurrence whose master is given but not a 1:1 of the pair (a third person) as a single 1:1", () => {
    const team = { ...master, attendees: [attendee(RUI), attendee("ines@contoso.com")] };
    const declined = occurrence(7, { attendees: [attendee(RUI, "declined")] });
    const calendar = pairCalendarFromEvents({
      pair,
      events: [occurrence(-7), declined],
      seriesMasters: [team],
    });
    expect(calendar).toEqual({
      timeZone: "UTC",
      singles: [{ start: at(-7), createdAt: "2026-01-05T10:00:00.1234567Z" }],
      series: [],
    });
  });

  it("keeps the occurrences a side declined beside the master, never as 1:1s", () => {
    const declined = occurrences.map((o, i) =>
      i >= 4 ? { ...o, attendees: [attendee(RUI, "declined")] } : o,
    );
    const calendar = pairCalendarFromEvents({ pair, events: declined, seriesMasters: [master] });
    expect(calendar.series[0]?.occurrences.map((o) => o.start)).toEqual([at(-49), at(-35), at(-21), at(-7)]);
    expect(calendar.series[0]?.declinedOccurrences.map((o) => o.start)).toEqual([at(7), at(21), at(35)]);
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

describe("pairCalendarFromEvents without series masters (what the scan reads: calendarView only)", () => {
  /** Graph repeats the series' creation time on each occurrence. */
  const created = "2026-10-01T08:12:44.1234567Z";
  const viewed = (days: number, overrides: Partial<Event> = {}): Event =>
    occurrence(days, { createdDateTime: created, ...overrides });
  const biweeklyView = [-49, -35, -21, -7, 7, 21, 35].map((d) => viewed(d));
  const fromView = (events: Event[]) => {
    const calendar = pairCalendarFromEvents({ pair, events });
    const result = classifyPair({ pair, calendar }, defaultCadencePolicy, NOW);
    expect(pairResultSchema.safeParse(result).success).toBe(true);
    return { calendar, result };
  };
  const reportDeclined = { attendees: [attendee(RUI, "declined")] };
  // Rui organized it; Mara declined, so her copy says so in its responseStatus (her attendee entry may not).
  const managerDeclined: Partial<Event> = {
    organizer: { emailAddress: { address: RUI } },
    attendees: [attendee(MARA, "none")],
    responseStatus: { response: "declined" },
  };

  it("groups occurrences sharing a seriesMasterId into a series of unknown pattern and range, never a guessed one", () => {
    const { calendar } = fromView(biweeklyView);
    expect(calendar.singles).toEqual([]);
    expect(calendar.series).toEqual([
      {
        id: "master-1",
        createdAt: created,
        pattern: null,
        range: null,
        recurrenceTimeZone: null,
        occurrences: [-49, -35, -21, -7, 7, 21, 35].map((d) => ({ start: at(d) })),
        declinedOccurrences: [],
      },
    ]);
  });

  it("healthy bi-weekly from occurrences only: cadenceDays 14 from their gaps, seriesId from seriesMasterId", () => {
    expect(fromView(biweeklyView).result).toMatchObject({
      status: "healthy",
      cadenceDays: 14,
      seriesId: "master-1",
      lastHeld: at(-7),
      nextScheduled: at(7),
      reason: "series created 2026-10-01 (every ~14 days); last held 2026-11-18; next 2026-12-02",
    });
  });

  it("a monthly series from occurrences only is belowTarget", () => {
    const { result } = fromView([-75, -45, -15, 15].map((d) => viewed(d, { createdDateTime: at(-80) })));
    expect(result).toMatchObject({ status: "belowTarget", cadenceDays: 30, seriesId: "master-1" });
    expect(result.reason).toBe(
      "last held 2026-11-10; series created 2026-09-06 (every ~30 days) is slower than the 14-day target; next 2026-12-10",
    );
  });

  it("a series declined by the report is lapsed: its declined occurrences show it still exists", () => {
    const { calendar, result } = fromView(
      [-49, -35, -21, -7, 7, 21, 35].map((d) => viewed(d, reportDeclined)),
    );
    expect(calendar.series[0]?.occurrences).toEqual([]);
    expect(calendar.series[0]?.declinedOccurrences).toHaveLength(7);
    expect(result).toMatchObject({
      status: "lapsed",
      seriesId: "master-1",
      lastHeld: null,
      nextScheduled: null,
    });
    expect(result.reason).toBe(
      "no 1:1 held in the last 90 days; series created 2026-10-01 (every ~14 days) still exists, but its occurrences are declined",
    );
  });

  it("a series declined by the manager (her own responseStatus) is lapsed", () => {
    const { result } = fromView([-49, -35, -21, -7, 7, 21, 35].map((d) => viewed(d, managerDeclined)));
    expect(result).toMatchObject({ status: "lapsed", seriesId: "master-1" });
    expect(result.reason).toMatch(/still exists, but its occurrences are declined$/);
  });

  it("a series held once, seven weeks ago, and declined since is lapsed, with when it was last held", () => {
    const events = [-49, -35, -21, -7, 7, 21, 35].map((d) => viewed(d, d > -40 ? reportDeclined : {}));
    expect(fromView(events).result).toMatchObject({
      status: "lapsed",
      lastHeld: at(-49),
      seriesId: "master-1",
      reason:
        "last held 2026-10-07; series created 2026-10-01 (every ~14 days) still exists, but its occurrences are declined",
    });
  });

  it("a series that ended 50 days ago (nothing of it ahead) is lapsed, and says when it ended", () => {
    const { result } = fromView([-78, -64, -50].map((d) => viewed(d, { createdDateTime: at(-80) })));
    expect(result).toMatchObject({
      status: "lapsed",
      lastHeld: at(-50),
      nextScheduled: null,
      cadenceDays: 14,
      seriesId: "master-1",
      reason: "last held 2026-10-06; series ended 2026-10-06",
    });
  });

  it("a moved occurrence (type exception) stays in its series, at its new time", () => {
    const moved = viewed(-6, { type: "exception" });
    const { calendar, result } = fromView([...biweeklyView.filter((_, i) => i !== 3), moved]);
    expect(calendar.singles).toEqual([]);
    expect(calendar.series[0]?.occurrences.map((o) => o.start)).toContain(at(-6));
    expect(result).toMatchObject({
      status: "healthy",
      lastHeld: at(-6),
      seriesId: "master-1",
      cadenceDays: 14,
    });
  });

  it("a new series created 5 days ago, starting next week, is scheduled", () => {
    const { result } = fromView([7, 21, 35].map((d) => viewed(d, { createdDateTime: at(-5) })));
    expect(result).toMatchObject({
      status: "scheduled",
      seriesId: "master-1",
      cadenceDays: 14,
      lastHeld: null,
      nextScheduled: at(7),
      reason:
        "new series created 2026-11-20 (every ~14 days); next 2026-12-02; none held in the last 31 days",
    });
  });

  it("takes the series' creation from the earliest createdDateTime among its occurrences", () => {
    const events = [
      viewed(-7, { createdDateTime: at(-3) }),
      viewed(7),
      viewed(21, { createdDateTime: null }),
    ];
    expect(fromView(events).calendar.series[0]?.createdAt).toBe(created);
  });

  it("still lets a master win when one is given: its pattern names the series", () => {
    const { result } = fromView(biweeklyView);
    const withMaster = classifyEvents(biweeklyView);
    expect(withMaster).toMatchObject({ status: "healthy", cadenceDays: 14, seriesId: "master-1" });
    expect(withMaster.reason).toBe("weekly-2 series since 2026-10-07; last held 2026-11-18; next 2026-12-02");
    expect(result.reason).not.toBe(withMaster.reason);
  });

  it("cannot see a series whose occurrences were all cancelled: without its master the pair is missing", () => {
    // calendarView leaves cancelled occurrences out; only the master (not read by the scan) shows the series.
    expect(fromView([]).result.status).toBe("missing");
    expect(classifyEvents([]).status).toBe("lapsed");
  });
});

describe("pairCalendarFromEvents: start times", () => {
  const utcStart = (dateTime: string) =>
    pairCalendarFromEvents({
      pair,
      events: [{ ...event(at(-1)), start: { dateTime, timeZone: "UTC" } }],
    }).singles[0]?.start;

  it("reads Graph's UTC times with 7, 3 or no fractional digits, as the luxon path does", () => {
    expect(utcStart("2026-11-24T09:00:00.1234567")).toBe("2026-11-24T09:00:00.123Z");
    expect(utcStart("2026-11-24T09:00:00.5")).toBe("2026-11-24T09:00:00.500Z");
    expect(utcStart("2026-11-24T09:00:00")).toBe("2026-11-24T09:00:00.000Z");
    expect(utcStart("2026-11-24T09:00:00.1234567")).toBe(
      zonedToUtc({ dateTime: "2026-11-24T09:00:00.1234567", timeZone: "Etc/UTC" }).toISOString(),
    );
  });

  it("skips an impossible UTC date rather than rolling it over into the next month", () => {
    expect(utcStart("2026-02-30T09:00:00.0000000")).toBeUndefined();
  });
});
