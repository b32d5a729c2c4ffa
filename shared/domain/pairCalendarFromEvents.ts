// Reduces what the scan read from the manager's calendar (calendarView + series masters) to a PairCalendar.
import type { Event } from "@microsoft/microsoft-graph-types";
import { isOneOnOne } from "./isOneOnOne.js";
import { meetsOnlyPair, type PairAddresses } from "./meetsOnlyPair.js";
import { type PairCalendar, pairCalendarSchema } from "./pairCalendar.js";
import { zonedToUtc } from "./timeZone.js";

export interface PairCalendarSource {
  pair: PairAddresses;
  /** The manager's calendarView over the window (occurrences, exceptions, single instances), any order. */
  events: readonly Event[];
  /**
   * Series masters from the manager's calendar: those the window's occurrences point to (`seriesMasterId`)
   * and any other the scan found, e.g. one whose occurrences are all cancelled and so absent from the view.
   * Masters of other meetings are ignored.
   */
  seriesMasters: readonly Event[];
  /** The manager's mailbox time zone (IANA or Windows), for the dates in the reason; UTC when unknown. */
  timeZone?: string | null;
}

/**
 * Keeps the pair's 1:1s (see `isOneOnOne`) and the pair's series masters: people exactly {manager, report},
 * not all-day, not cancelled as a whole. A master declined by a side is kept — the series still exists —
 * while its declined occurrences are not 1:1s. An occurrence whose master is missing or not a 1:1 of the pair
 * (e.g. a third person added to the series) counts as a single 1:1. A missing `createdDateTime` is taken to
 * be the event's start.
 */
export function pairCalendarFromEvents(source: PairCalendarSource): PairCalendar {
  const series = new Map<string, PairCalendar["series"][number]>();
  for (const master of source.seriesMasters) {
    const { recurrence, id } = master;
    if (!id || !recurrence?.pattern?.type || !recurrence.range?.type || !recurrence.range.startDate) continue;
    if (master.isAllDay || master.isCancelled || !meetsOnlyPair(master, source.pair)) continue;
    const { pattern, range } = recurrence;
    const startDate = range.startDate!;
    series.set(id, {
      id,
      createdAt: master.createdDateTime ?? startOf(master) ?? `${startDate}T00:00:00Z`,
      pattern: {
        type: pattern.type!,
        interval: pattern.interval && pattern.interval > 0 ? pattern.interval : 1,
        daysOfWeek: pattern.daysOfWeek ?? [],
      },
      range:
        range.type === "endDate" && range.endDate
          ? { type: "endDate", startDate, endDate: range.endDate }
          : range.type === "numbered" && range.numberOfOccurrences
            ? { type: "numbered", startDate, numberOfOccurrences: range.numberOfOccurrences }
            : { type: "noEnd", startDate },
      recurrenceTimeZone: range.recurrenceTimeZone || master.start?.timeZone || "UTC",
      occurrences: [],
    });
  }

  const singles: PairCalendar["singles"] = [];
  for (const event of source.events) {
    if (event.type === "seriesMaster" || !isOneOnOne(event, source.pair)) continue;
    const start = startOf(event);
    if (!start) continue;
    const master = event.seriesMasterId ? series.get(event.seriesMasterId) : undefined;
    if (master) master.occurrences.push({ start });
    else singles.push({ start, createdAt: event.createdDateTime ?? start });
  }

  // Parsing checks the Graph data once here, so classification can trust every field.
  return pairCalendarSchema.parse({
    timeZone: source.timeZone || "UTC",
    singles,
    series: [...series.values()],
  });
}

function startOf(event: Event): string | undefined {
  const { start } = event;
  if (!start?.dateTime || !start.timeZone) return undefined;
  return zonedToUtc({ dateTime: start.dateTime, timeZone: start.timeZone }).toISOString();
}
