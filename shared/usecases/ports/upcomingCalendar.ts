// What card delivery reads from the calendars: the managers' next day or so, and the few occurrences it sent a card
// for that this read no longer shows. Implemented over the gateway by shared/graph/readUpcomingOccurrences.ts and
// readEventsByIds.ts (composed in shared/composition/upcomingCalendarFromGateway.ts).
import type { Event } from "@microsoft/microsoft-graph-types";
import type { Keyed } from "./schedulingGraph.js";

export interface UpcomingCalendar {
  /** Each manager's calendarView over the window (UTC times), batched; keyed by manager id. */
  readUpcomingOccurrences(
    managerIds: readonly string[],
    window: { start: Date; end: Date },
  ): Promise<Map<string, Keyed<Event[]>>>;
  /** The events by id from their mailboxes, batched; keyed by event id, null when Graph no longer has it. */
  readEventsByIds(
    refs: readonly { mailbox: string; eventId: string }[],
  ): Promise<Map<string, Keyed<Event | null>>>;
}
