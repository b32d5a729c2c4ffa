// One calendarView event as the Occurrence an agenda card shows.
import type { Event } from "@microsoft/microsoft-graph-types";
import type { Occurrence } from "./agenda/agendaTypes.js";
import { isDeclinedByPair } from "./isDeclinedByPair.js";
import { isUsableEvent } from "./isUsableEvent.js";
import { zonedToUtc } from "./timeZone.js";

/** One event as an Occurrence, or null when it has no usable times (or is not an event Graph could have sent). */
export function occurrenceOf(event: Event): Occurrence | null {
  if (!isUsableEvent(event) || !event.id || !event.start?.dateTime || !event.end?.dateTime) return null;
  let start: Date;
  let end: Date;
  try {
    start = zonedToUtc({ dateTime: event.start.dateTime, timeZone: event.start.timeZone || "UTC" });
    end = zonedToUtc({ dateTime: event.end.dateTime, timeZone: event.end.timeZone || "UTC" });
  } catch {
    return null;
  }
  return {
    id: event.id,
    seriesMasterId: event.seriesMasterId ?? null,
    start,
    end,
    joinUrl: event.onlineMeeting?.joinUrl ?? null,
    isCancelled: !!event.isCancelled || isDeclinedByPair(event),
  };
}
