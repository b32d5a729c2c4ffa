// Whether an event's people are exactly a manager and a report — the "who" half of 1:1 recognition.
import type { Event } from "@microsoft/microsoft-graph-types";
import type { ManagerReportPair } from "./managerReportPair.js";

/** The addresses a pair's users may appear under in events: Exchange writes either `mail` or the UPN. */
export type PairAddresses = Pick<
  ManagerReportPair,
  "managerUpn" | "managerMail" | "reportUpn" | "reportMail"
>;

/**
 * People = organizer + `required`/`optional` attendees (a missing type counts as required, Graph's default);
 * `resource` attendees are rooms and equipment and don't count. Addresses compare case-insensitively, and
 * an attendee without an address counts as a third person, so such an event is never taken for a 1:1.
 */
export function meetsOnlyPair(event: Event, pair: PairAddresses): boolean {
  const manager = addressesOf(pair.managerUpn, pair.managerMail);
  const report = addressesOf(pair.reportUpn, pair.reportMail);
  const addresses: (string | null)[] = [];
  const organizer = event.organizer?.emailAddress?.address;
  if (organizer) addresses.push(organizer.toLowerCase());
  for (const attendee of event.attendees ?? []) {
    if (attendee.type === "resource") continue;
    addresses.push(attendee.emailAddress?.address?.toLowerCase() || null);
  }
  let hasManager = false;
  let hasReport = false;
  for (const address of addresses) {
    if (address !== null && manager.has(address)) hasManager = true;
    else if (address !== null && report.has(address)) hasReport = true;
    else return false;
  }
  return hasManager && hasReport;
}

function addressesOf(upn: string, mail: string | null): Set<string> {
  return new Set([upn, mail].filter((a): a is string => !!a).map((a) => a.toLowerCase()));
}
