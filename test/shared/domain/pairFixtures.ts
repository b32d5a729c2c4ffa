// Builders for the domain tests: one manager/report pair and Graph events as calendarView returns them.
import type { Attendee, Event } from "@microsoft/microsoft-graph-types";
import type { ManagerReportPair } from "../../../shared/domain/managerReportPair.js";
import type { PairCalendar } from "../../../shared/domain/pairCalendar.js";

export const NOW = new Date("2026-11-25T09:00:00Z");
export const DAY = 86_400_000;

/** Mara manages Rui. Exchange may write Mara under her mail (mara.rossi@) or her UPN (mara@). */
export const pair: ManagerReportPair = {
  managerId: "m-1",
  managerUpn: "mara@contoso.com",
  managerMail: "Mara.Rossi@contoso.com",
  reportId: "r-1",
  reportUpn: "rui@contoso.com",
  reportMail: "rui.silva@contoso.com",
  exclusion: null,
};

export const MARA = "mara.rossi@contoso.com";
export const RUI = "rui@contoso.com";

/** An instant relative to NOW, e.g. `at(-14)` = 14 days ago, as ISO-8601 UTC. */
export function at(days: number, extraMs = 0): string {
  return new Date(NOW.getTime() + days * DAY + extraMs).toISOString();
}

export function attendee(
  address: string,
  response: NonNullable<Attendee["status"]>["response"] = "accepted",
  type: Attendee["type"] = "required",
): Attendee {
  return { type, emailAddress: { address }, status: { response, time: null } };
}

/**
 * A 30-minute event at `start` (UTC ISO, or a Graph local time with `timeZone`), organized by Mara with Rui
 * required, read from Mara's calendar; override anything.
 */
export function event(start: string, overrides: Partial<Event> = {}, timeZone = "UTC"): Event {
  const startMs = timeZone === "UTC" ? Date.parse(start) : Number.NaN;
  const graphLocal = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}.0000000`;
  return {
    id: `ev-${start}`,
    type: "singleInstance",
    subject: "Mara / Rui 1:1",
    start: { dateTime: timeZone === "UTC" ? graphLocal(startMs) : start, timeZone },
    end: { dateTime: timeZone === "UTC" ? graphLocal(startMs + 30 * 60_000) : start, timeZone },
    isAllDay: false,
    isCancelled: false,
    sensitivity: "normal",
    createdDateTime: "2026-01-05T10:00:00.1234567Z",
    organizer: { emailAddress: { address: MARA, name: "Mara Rossi" } },
    responseStatus: { response: "organizer", time: null },
    attendees: [attendee(RUI)],
    seriesMasterId: null,
    ...overrides,
  };
}

export type SeriesInput = PairCalendar["series"][number];
/** A series whose master was read. */
export type RecurringSeriesInput = Extract<SeriesInput, { pattern: object }>;
/** A series known only from its occurrences in calendarView (the scan reads no masters). */
export type ViewedSeriesInput = Extract<SeriesInput, { pattern: null }>;

/** A weekly-2 series with no end, created long ago; override anything. */
export function series(overrides: Partial<RecurringSeriesInput> = {}): RecurringSeriesInput {
  return {
    id: "series-1",
    createdAt: "2026-01-05T10:00:00Z",
    pattern: { type: "weekly", interval: 2, daysOfWeek: ["wednesday"] },
    range: { type: "noEnd", startDate: "2026-01-07" },
    recurrenceTimeZone: "UTC",
    occurrences: [],
    declinedOccurrences: [],
    ...overrides,
  };
}

/**
 * A series seen only in calendarView, created long ago, with 1:1 occurrences and declined occurrences at
 * `days` from NOW.
 */
export function viewedSeries(
  occurrenceDays: number[],
  declinedDays: number[] = [],
  overrides: Partial<ViewedSeriesInput> = {},
): ViewedSeriesInput {
  return {
    id: "series-1",
    createdAt: "2026-01-05T10:00:00Z",
    pattern: null,
    range: null,
    recurrenceTimeZone: null,
    occurrences: occurrenceDays.map((d) => ({ start: at(d) })),
    declinedOccurrences: declinedDays.map((d) => ({ start: at(d) })),
    ...overrides,
  };
}

export function calendar(overrides: Partial<PairCalendar> = {}): PairCalendar {
  return { timeZone: "UTC", singles: [], series: [], ...overrides };
}

/** A single 1:1 at `days` from NOW, created long before. */
export function single(days: number, createdAt = "2026-01-05T10:00:00Z"): PairCalendar["singles"][number] {
  return { start: at(days), createdAt };
}
