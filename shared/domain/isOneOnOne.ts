// 1:1 recognition (DESIGN.md "Cadence policy") for one event or occurrence as calendarView returns it.
import type { Event } from "@microsoft/microsoft-graph-types";
import { isDeclinedByPair } from "./isDeclinedByPair.js";
import { meetsOnlyPair, type PairAddresses } from "./meetsOnlyPair.js";

/**
 * True when the event is a 1:1 of the pair: its people are exactly {manager, report} (either may organize;
 * rooms don't count), it is not all-day, not cancelled, and neither side declined it. Tentative, unanswered
 * and private events count. The event must come from the manager's or the report's own calendar: Graph puts
 * that owner's answer in `responseStatus` (and may not list the owner among the attendees), so a declined
 * `responseStatus` is always a decline by one side of the pair.
 */
export function isOneOnOne(event: Event, pair: PairAddresses): boolean {
  if (event.isAllDay || event.isCancelled) return false;
  return meetsOnlyPair(event, pair) && !isDeclinedByPair(event);
}
