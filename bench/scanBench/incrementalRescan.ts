// The incremental rescan measurement (issue 4: "an incremental rescan after 1% of calendars changed needs ≤ 10%
// of a full scan's requests"). Incremental scans are not implemented yet, so this reports that instead of a number.
//
// When they land, measure it here: after the full scan in cadenceRun, change 1% of the managers' calendars
// through the simulator's Graph API (seeded choice: create, move or cancel one event each), run the scan in
// incremental mode against the same store and gateway (users delta + calendarView delta), and return its
// GraphStats next to the full scan's, with the pairs' statuses compared to a fresh full scan.

export type IncrementalMeasurement =
  | { status: "not implemented"; reason: string }
  | { status: "measured"; changedCalendars: number; httpRequests: number; requests: number; wallMs: number };

export function measureIncrementalRescan(): IncrementalMeasurement {
  return {
    status: "not implemented",
    reason: "incremental scans (users delta + calendarView delta) are not implemented in the scan yet",
  };
}
