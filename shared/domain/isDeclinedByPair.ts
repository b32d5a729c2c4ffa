// The "not declined by M or R" half of 1:1 recognition, for an event that meets only the pair.
import type { Event } from "@microsoft/microsoft-graph-types";

/**
 * True when the mailbox owner declined the event (`responseStatus`) or an attendee did. Meant for events whose
 * people are exactly the pair (see `meetsOnlyPair`), read from the manager's or the report's own calendar, so
 * every decline it sees is one side's. Rooms answer too, but a room declining is not a person declining.
 */
export function isDeclinedByPair(event: Event): boolean {
  if (event.responseStatus?.response === "declined") return true;
  return (event.attendees ?? []).some((a) => a.type !== "resource" && a.status?.response === "declined");
}
