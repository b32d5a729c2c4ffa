// A series master read from Graph, as the pair's series (or the reason it is not one).
import type { Event } from "@microsoft/microsoft-graph-types";
import { meetsOnlyPair, type PairAddresses } from "./meetsOnlyPair.js";
import type { PairCalendar } from "./pairCalendar.js";
import { zonedToUtc } from "./timeZone.js";

type Series = PairCalendar["series"][number];

/**
 * The master's recurrence as a series with no occurrences yet (the caller adds what calendarView showed);
 * `notThePair` for a master that is all-day, cancelled or not a 1:1 of the pair (its occurrences then count as
 * singles); null for an event that is no usable master (no id or no recurrence).
 */
export function seriesFromMaster(master: Event, pair: PairAddresses): Series | "notThePair" | null {
  const { recurrence, id } = master;
  if (!id || !recurrence?.pattern?.type || !recurrence.range?.type || !recurrence.range.startDate)
    return null;
  if (master.isAllDay || master.isCancelled || !meetsOnlyPair(master, pair)) return "notThePair";
  const { pattern, range } = recurrence;
  const startDate = range.startDate!;
  const start =
    master.start?.dateTime && master.start.timeZone
      ? zonedToUtc({ dateTime: master.start.dateTime, timeZone: master.start.timeZone }).toISOString()
      : undefined;
  return {
    id,
    createdAt: master.createdDateTime ?? start ?? `${startDate}T00:00:00Z`,
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
    declinedOccurrences: [],
  };
}
