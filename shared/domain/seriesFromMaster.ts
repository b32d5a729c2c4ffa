// A series master read from Graph, as the pair's series (or the reason it is not one).
import type { Event } from "@microsoft/microsoft-graph-types";
import { isUsableEvent } from "./isUsableEvent.js";
import { meetsOnlyPair, type PairAddresses } from "./meetsOnlyPair.js";
import type { PairCalendar } from "./pairCalendar.js";
import { toIanaZone, zonedToUtc } from "./timeZone.js";

type Series = PairCalendar["series"][number];
type PatternType = NonNullable<Series["pattern"]>["type"];

const PATTERNS = new Set<string>([
  "daily",
  "weekly",
  "absoluteMonthly",
  "relativeMonthly",
  "absoluteYearly",
  "relativeYearly",
] satisfies PatternType[]);

/**
 * The master's recurrence as a series with no occurrences yet (the caller adds what calendarView showed);
 * `notThePair` for a master that is all-day, cancelled or not a 1:1 of the pair (its occurrences then count as
 * singles); null for an event that is no usable master (no id, no recurrence, or one Graph could not have sent:
 * an unknown pattern or zone, a field of the wrong type).
 */
export function seriesFromMaster(master: Event, pair: PairAddresses): Series | "notThePair" | null {
  if (!isUsableEvent(master)) return null;
  const { recurrence, id } = master;
  if (!id || !recurrence?.pattern?.type || !recurrence.range?.type || !recurrence.range.startDate)
    return null;
  if (!PATTERNS.has(recurrence.pattern.type)) return null;
  if (master.isAllDay || master.isCancelled || !meetsOnlyPair(master, pair)) return "notThePair";
  const { pattern, range } = recurrence;
  const startDate = range.startDate!;
  const recurrenceTimeZone = range.recurrenceTimeZone || master.start?.timeZone || "UTC";
  const start = master.start?.dateTime && master.start.timeZone ? utcStart(master.start) : undefined;
  if (start === null || !knownZone(recurrenceTimeZone)) return null;
  return {
    id,
    createdAt: master.createdDateTime ?? start ?? `${startDate}T00:00:00Z`,
    pattern: {
      type: pattern.type as PatternType,
      interval: pattern.interval && pattern.interval > 0 ? pattern.interval : 1,
      daysOfWeek: pattern.daysOfWeek ?? [],
    },
    range:
      range.type === "endDate" && range.endDate
        ? { type: "endDate", startDate, endDate: range.endDate }
        : range.type === "numbered" && range.numberOfOccurrences && range.numberOfOccurrences > 0
          ? { type: "numbered", startDate, numberOfOccurrences: range.numberOfOccurrences }
          : { type: "noEnd", startDate },
    recurrenceTimeZone,
    occurrences: [],
    declinedOccurrences: [],
  };
}

/** The master's start as UTC ISO, or null when its zone or date-time cannot be read. */
function utcStart(start: { dateTime?: string | null; timeZone?: string | null }): string | null {
  try {
    return zonedToUtc({ dateTime: start.dateTime!, timeZone: start.timeZone! }).toISOString();
  } catch {
    return null;
  }
}

function knownZone(zone: string): boolean {
  try {
    toIanaZone(zone);
    return true;
  } catch {
    return false;
  }
}
