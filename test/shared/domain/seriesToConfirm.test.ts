import type { Event } from "@microsoft/microsoft-graph-types";
import { describe, expect, it } from "vitest";
import { defaultCadencePolicy } from "../../../shared/domain/cadencePolicy.js";
import { classifyPair } from "../../../shared/domain/classifyPair.js";
import { pairCalendarFromEvents } from "../../../shared/domain/pairCalendarFromEvents.js";
import { seriesToConfirm } from "../../../shared/domain/seriesToConfirm.js";
import { withSeriesMasters } from "../../../shared/domain/withSeriesMasters.js";
import { at, attendee, event, NOW, pair, RUI } from "./pairFixtures.js";

/** A bi-weekly series Mara organized, as Graph returns its master; its occurrences since day -100 are cancelled. */
const master: Event = {
  ...event("2026-06-01T09:00:00Z"),
  id: "old-series",
  type: "seriesMaster",
  createdDateTime: "2026-05-20T08:00:00Z",
  recurrence: {
    pattern: { type: "weekly", interval: 2, daysOfWeek: ["monday"], firstDayOfWeek: "sunday" },
    range: { type: "noEnd", startDate: "2026-06-01", endDate: "0001-01-01", recurrenceTimeZone: "UTC" },
  },
  cancelledOccurrences: [],
};
const occurrence = (days: number, overrides: Partial<Event> = {}): Event =>
  event(at(days), { type: "occurrence", seriesMasterId: "old-series", ...overrides });
/** What a calendarView read from 180 days back shows of it: held occurrences until day -103, then nothing. */
const history = [-173, -159, -145, -131, -117, -103].map((d) => occurrence(d));

const classify = (calendar: ReturnType<typeof pairCalendarFromEvents>) =>
  classifyPair({ pair, calendar }, defaultCadencePolicy, NOW);

describe("seriesToConfirm", () => {
  it("names a missing pair's series seen only before the floor; the pair keeps its id as an ended series", () => {
    const calendar = pairCalendarFromEvents({ pair, events: history });
    const result = classify(calendar);
    expect(result).toMatchObject({ status: "missing", seriesId: "old-series", lastHeld: null });
    expect(result.reason).toBe(`no 1:1 in the last 90 days; series ended ${at(-103).slice(0, 10)}`);
    expect(seriesToConfirm(calendar, result.status, defaultCadencePolicy, NOW)).toEqual(["old-series"]);
  });

  it("names a series declined before the floor, but not one with an occurrence since the floor began", () => {
    const declined = [-60, -46].map((d) => occurrence(d, { attendees: [attendee(RUI, "declined")] }));
    const old = pairCalendarFromEvents({ pair, events: declined });
    expect(seriesToConfirm(old, classify(old).status, defaultCadencePolicy, NOW)).toEqual(["old-series"]);
    const recent = pairCalendarFromEvents({
      pair,
      events: [...declined, occurrence(-20, { attendees: [attendee(RUI, "declined")] })],
    });
    expect(seriesToConfirm(recent, "missing", defaultCadencePolicy, NOW)).toEqual([]);
  });

  it("ignores occurrences beyond the lookahead, as the rules do, so reading further ahead confirms the same", () => {
    const calendar = pairCalendarFromEvents({ pair, events: [...history, occurrence(40)] });
    expect(classify(calendar).status).toBe("missing");
    expect(seriesToConfirm(calendar, "missing", defaultCadencePolicy, NOW)).toEqual(["old-series"]);
  });

  it("names nothing for a pair that is not missing, a series whose master was read, or one found gone", () => {
    const calendar = pairCalendarFromEvents({ pair, events: history });
    for (const status of ["lapsed", "healthy", "belowTarget", "scheduled", "excluded"] as const) {
      expect(seriesToConfirm(calendar, status, defaultCadencePolicy, NOW)).toEqual([]);
    }
    const withMaster = pairCalendarFromEvents({ pair, events: history, seriesMasters: [master] });
    expect(seriesToConfirm(withMaster, "missing", defaultCadencePolicy, NOW)).toEqual([]);
    const gone = withSeriesMasters(calendar, pair, new Map([["old-series", null]]));
    expect(gone.mastersGone).toEqual(["old-series"]);
    expect(seriesToConfirm(gone, "missing", defaultCadencePolicy, NOW)).toEqual([]);
    expect(classify(gone)).toEqual(classify(calendar));
  });
});

describe("withSeriesMasters", () => {
  it("makes a pair whose running series has every recent occurrence cancelled lapsed", () => {
    const calendar = withSeriesMasters(
      pairCalendarFromEvents({ pair, events: history }),
      pair,
      new Map([["old-series", master]]),
    );
    expect(calendar).toEqual(pairCalendarFromEvents({ pair, events: history, seriesMasters: [master] }));
    const result = classify(calendar);
    expect(result).toMatchObject({ status: "lapsed", seriesId: "old-series", lastHeld: null });
    expect(result.reason).toBe(
      "no 1:1 held in the last 90 days; weekly-2 series since 2026-06-01 still exists, but its occurrences are cancelled or declined",
    );
  });

  it("keeps a pair missing when the master's range ended, or the master is cancelled", () => {
    const ended: Event = {
      ...master,
      recurrence: {
        ...master.recurrence!,
        range: { type: "endDate", startDate: "2026-06-01", endDate: "2026-08-17", recurrenceTimeZone: "UTC" },
      },
    };
    const base = pairCalendarFromEvents({ pair, events: history });
    const endedResult = classify(withSeriesMasters(base, pair, new Map([["old-series", ended]])));
    expect(endedResult).toMatchObject({ status: "missing", seriesId: "old-series" });
    expect(endedResult.reason).toContain("series ended 2026-08-17");
    const cancelled = withSeriesMasters(
      base,
      pair,
      new Map([["old-series", { ...master, isCancelled: true }]]),
    );
    expect(cancelled.mastersGone).toEqual(["old-series"]);
    expect(classify(cancelled).status).toBe("missing");
  });

  it("turns the occurrences of a master that is not the pair's 1:1 into singles; ignores ids not asked", () => {
    const third: Event = {
      ...master,
      attendees: [attendee(RUI), attendee("ana@contoso.com")],
    };
    const base = pairCalendarFromEvents({ pair, events: history });
    const calendar = withSeriesMasters(base, pair, new Map([["old-series", third]]));
    expect(calendar.series).toEqual([]);
    expect(calendar.singles.map((s) => s.start)).toEqual(base.series[0]!.occurrences.map((o) => o.start));
    expect(withSeriesMasters(base, pair, new Map([["other", master]]))).toEqual(base);
  });
});
