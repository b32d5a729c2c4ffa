// What the admin report says about a pair's series proposal: the one word an admin needs beside the gap.
import type { SeriesProposal } from "../seriesProposal.js";

/** "proposed Tue 10:00 Europe/Rome", "series created Tue 10:00 Europe/Rome", "snoozed until 2027-03-10"…; null
 * when the proposal no longer says anything (expired). Times are the manager's, as the invite shows them. */
export function proposalMarker(p: SeriesProposal): string | null {
  const slot = p.slots[p.chosenSlot ?? 0];
  const when = slot
    ? ` ${slot.weekday.slice(0, 1).toUpperCase()}${slot.weekday.slice(1, 3)} ${slot.localTime} ${slot.managerTimeZone}`
    : "";
  switch (p.state) {
    case "proposed":
      return `proposed${when}`;
    case "accepted":
    case "creating":
      return `booking${when}`;
    case "created":
      return `series created${when}`;
    case "snoozed":
      return p.snoozedUntil ? `snoozed until ${p.snoozedUntil.slice(0, 10)}` : "snoozed";
    case "declined":
      return "declined by the manager";
    default:
      return null;
  }
}
