// Reduces what the scan read from the manager's calendar (calendarView, optionally series masters) to a PairCalendar.
import type { Event } from "@microsoft/microsoft-graph-types";
import { isDeclinedByPair } from "./isDeclinedByPair.js";
import { isUsableEvent } from "./isUsableEvent.js";
import { meetsOnlyPair, type PairAddresses } from "./meetsOnlyPair.js";
import { type PairCalendar, pairCalendarSchema } from "./pairCalendar.js";
import { seriesFromMaster } from "./seriesFromMaster.js";
import { zonedToUtc } from "./timeZone.js";

type Series = PairCalendar["series"][number];

export interface PairCalendarSource {
  pair: PairAddresses;
  /** The manager's calendarView over the window (occurrences, exceptions, single instances), any order. */
  events: readonly Event[];
  /**
   * Series masters from the manager's calendar, when the caller has them. Optional: the shards read none (one
   * calendarView per mailbox is their budget), and occurrences then form series on their own. A master
   * adds what the view cannot show: the recurrence, and a series whose occurrences are all cancelled (absent
   * from the view). Masters of other meetings are ignored.
   */
  seriesMasters?: readonly Event[];
  /** The manager's mailbox time zone (IANA or Windows), for the dates in the reason; UTC when unknown. */
  timeZone?: string | null;
}

/**
 * Keeps the pair's meetings: people exactly {manager, report}, not all-day, not cancelled. Occurrences sharing
 * a `seriesMasterId` form a series, under its master's recurrence when the master is given and a 1:1 of the
 * pair, else with the recurrence unknown; their creation date is the earliest `createdDateTime` among them
 * (Graph repeats the series' own on each occurrence). Declined occurrences stay with their series as
 * evidence that it exists; a declined single is dropped. A master declined by a side is kept — the series
 * still exists. An occurrence whose given master is not a 1:1 of the pair (e.g. a third person on the series,
 * removed from this one occurrence) counts as a single 1:1. A missing `createdDateTime` is taken to be the
 * event's start. An event Graph could not have sent (a field of the wrong type, an unknown zone, a date that does
 * not exist) is skipped: it says nothing reliable about the pair, and must not stop the others being classified.
 */
export function pairCalendarFromEvents(source: PairCalendarSource): PairCalendar {
  const series = new Map<string, Series>();
  const notThePairs = new Set<string>();
  for (const master of source.seriesMasters ?? []) {
    const entry = seriesFromMaster(master, source.pair);
    if (entry === "notThePair") notThePairs.add(master.id!);
    else if (entry) series.set(entry.id, entry);
  }

  const singles: PairCalendar["singles"] = [];
  for (const event of source.events) {
    if (!isUsableEvent(event)) continue;
    if (event.type === "seriesMaster" || event.isAllDay || event.isCancelled) continue;
    if (!meetsOnlyPair(event, source.pair)) continue;
    const start = startOf(event);
    if (!start) continue;
    const declined = isDeclinedByPair(event);
    const createdAt = event.createdDateTime ?? start;
    const masterId = event.seriesMasterId;
    if (!masterId || notThePairs.has(masterId)) {
      if (!declined) singles.push({ start, createdAt });
      continue;
    }
    let entry = series.get(masterId);
    if (!entry) {
      entry = {
        id: masterId,
        createdAt,
        pattern: null,
        range: null,
        recurrenceTimeZone: null,
        occurrences: [],
        declinedOccurrences: [],
      };
      series.set(masterId, entry);
    } else if (entry.range === null && Date.parse(createdAt) < Date.parse(entry.createdAt)) {
      entry.createdAt = createdAt;
    }
    (declined ? entry.declinedOccurrences : entry.occurrences).push({ start });
  }

  // Parsing checks the Graph data once here, so classification can trust every field.
  return pairCalendarSchema.parse({
    timeZone: source.timeZone || "UTC",
    singles,
    series: [...series.values()],
  });
}

// `Prefer: outlook.timezone="UTC"` makes every calendarView time UTC; reading those directly skips luxon's
// zone machinery, the bulk of the reduction's cost on a large calendar.
const UTC_LOCAL = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d{1,3})?\d*$/;

function startOf(event: Event): string | undefined {
  const { start } = event;
  if (!start?.dateTime || !start.timeZone) return undefined;
  const utc = start.timeZone === "UTC" ? UTC_LOCAL.exec(start.dateTime) : null;
  if (utc) {
    const instant = new Date(`${utc[1]}${(utc[2] ?? ".").padEnd(4, "0")}Z`);
    const iso = Number.isNaN(instant.getTime()) ? "" : instant.toISOString();
    // Date rolls 02-30 over into March; a reading that doesn't round-trip goes to luxon, which rejects it.
    if (iso.startsWith(utc[1]!)) return iso;
  }
  try {
    return zonedToUtc({ dateTime: start.dateTime, timeZone: start.timeZone }).toISOString();
  } catch {
    return undefined;
  }
}
