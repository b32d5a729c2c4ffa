// What scheduling needs from Graph: availability (mailboxSettings + getSchedule, batched inside the gateway) and
// an idempotent series creation. Implemented in shared/graph/; shapes are Graph's own (microsoft-graph-types).
import type { Event, MailboxSettings, ScheduleInformation } from "@microsoft/microsoft-graph-types";
import type { KeyedResult } from "./keyedResult.js";

/** The same per-key outcome as the scan's readers. */
export type Keyed<T> = KeyedResult<T>;

export interface ScheduleQuery {
  /** The mailbox whose getSchedule is called (the manager). */
  organizer: string;
  /** SMTP addresses, ≤ 20 (the organizer's own first, then the reports'). */
  schedules: readonly string[];
}

export interface SchedulingGraph {
  /** mailboxSettings (timeZone, workingHours, language) per user id or UPN, 20 per $batch. */
  readMailboxSettings(users: readonly string[]): Promise<Map<string, Keyed<MailboxSettings>>>;
  /**
   * `POST /users/{organizer}/calendar/getSchedule` for each query, 20 queries per $batch, over [start, end)
   * (< 62 days, times in UTC). Keyed by organizer; the value lists one ScheduleInformation per requested schedule.
   */
  readSchedules(
    queries: readonly ScheduleQuery[],
    window: { start: Date; end: Date },
  ): Promise<Map<string, Keyed<ScheduleInformation[]>>>;
  /**
   * `POST /users/{organizer}/events` with `event.transactionId` set by the caller. Retried only because it carries
   * the transactionId; Graph's answer to a duplicate transactionId counts as success and returns that event.
   */
  createEvent(organizer: string, event: Event & { transactionId: string }): Promise<Event>;
  /**
   * The organizer's series master with this transactionId whose first occurrence lies in `around`, or null: how a
   * re-run after a crash between the POST and the record finds what the first run created.
   */
  findEventByTransactionId(
    organizer: string,
    transactionId: string,
    around: { start: Date; end: Date },
  ): Promise<Event | null>;
}
