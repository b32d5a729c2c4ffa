/** getSchedule answered for this person with an error instead of free/busy (mailbox not found, no permission…). */
export class ScheduleUnavailableError extends Error {
  readonly code = "SCHEDULE.UNAVAILABLE";
  constructor(
    readonly scheduleId: string,
    readonly responseCode: string,
    detail: string,
  ) {
    super(`No free/busy for ${scheduleId}: ${responseCode}${detail ? ` (${detail})` : ""}`);
  }
}
