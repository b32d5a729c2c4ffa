// The pair's 1:1 occurrences among a manager's calendarView events, as the agenda card needs them.
import type { Event } from "@microsoft/microsoft-graph-types";
import type { Occurrence } from "./agenda/agendaTypes.js";
import { isUsableEvent } from "./isUsableEvent.js";
import { meetsOnlyPair, type PairAddresses } from "./meetsOnlyPair.js";
import { occurrenceOf } from "./occurrenceOf.js";

/**
 * Occurrences and single events whose people are exactly the pair (meetsOnlyPair), not all-day. One declined by
 * either side comes back `isCancelled`: the meeting will not happen, so its card must say so rather than vanish.
 * A malformed event is skipped, so it cannot keep the other pairs' cards from being sent.
 */
export function pairOccurrences(events: readonly Event[], pair: PairAddresses): Occurrence[] {
  const found: Occurrence[] = [];
  for (const event of events) {
    if (!isUsableEvent(event) || event.type === "seriesMaster" || event.isAllDay || !event.id) continue;
    if (!meetsOnlyPair(event, pair)) continue;
    const occurrence = occurrenceOf(event);
    if (occurrence) found.push(occurrence);
  }
  return found.sort((a, b) => a.start.getTime() - b.start.getTime());
}
