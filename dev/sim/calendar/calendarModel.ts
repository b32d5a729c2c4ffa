// The calendar's in-memory shapes. A meeting is one definition shared by the organizer's copy and every
// attendee's copy (as Exchange keeps them in step by meeting messages); definitions and copy states are
// replaced, never mutated, so the delta change log can keep the version a client last saw.
import type { FreeBusyStatus, PatternedRecurrence, ResponseType } from "@microsoft/microsoft-graph-types";
import type { DateTimeTimeZone } from "../../../shared/domain/timeZone.js";

export interface ResponseStatusRec {
  response: ResponseType;
  /** ISO instant; Graph uses `0001-01-01T00:00:00Z` for "never". */
  time: string;
}

export const NEVER = "0001-01-01T00:00:00Z";

export interface AttendeeRec {
  type: "required" | "optional" | "resource";
  address: string;
  name: string;
  /** Directory id when the address is a tenant user. */
  userId?: string;
}

export interface ExceptionRec {
  /** `yyyy-MM-dd` of the original occurrence in the recurrence zone. */
  originalDate: string;
  originalStart: Date;
  start: DateTimeTimeZone;
  end: DateTimeTimeZone;
  startUtc: Date;
  endUtc: Date;
  subject?: string;
  showAs?: FreeBusyStatus;
  location?: string;
}

export interface MeetingDef {
  subject: string;
  body: { contentType: "text" | "html"; content: string };
  location: string;
  start: DateTimeTimeZone;
  end: DateTimeTimeZone;
  startUtc: Date;
  endUtc: Date;
  isAllDay: boolean;
  showAs: FreeBusyStatus;
  sensitivity: "normal" | "personal" | "private" | "confidential";
  importance: "low" | "normal" | "high";
  recurrence: PatternedRecurrence | null;
  attendees: readonly AttendeeRec[];
  /** Attendee address (lower case) → answer for the whole series, as the organizer's copy shows it. */
  statuses: ReadonlyMap<string, ResponseStatusRec>;
  /** originalDate → attendee address → answer for that occurrence only. */
  occurrenceStatuses: ReadonlyMap<string, ReadonlyMap<string, ResponseStatusRec>>;
  exceptions: ReadonlyMap<string, ExceptionRec>;
  cancelledDates: ReadonlySet<string>;
  isCancelled: boolean;
  isOnlineMeeting: boolean;
  onlineMeetingProvider: "unknown" | "teamsForBusiness" | "skypeForBusiness" | "skypeForConsumer";
  joinUrl: string | null;
  allowNewTimeProposals: boolean;
  responseRequested: boolean;
  hideAttendees: boolean;
  lastModified: Date;
  /** First and last instants any occurrence may cover; +Infinity for open series. */
  boundsStart: number;
  boundsEnd: number;
}

export interface CopyState {
  responseStatus: ResponseStatusRec;
  occurrenceResponses: ReadonlyMap<string, ResponseStatusRec>;
  /** This copy alone was cancelled (e.g. its owner was removed from the attendees). */
  isCancelled: boolean;
  /** Deleted from this mailbox. */
  removed: boolean;
  /** Occurrences this mailbox deleted from its own calendar. */
  hiddenDates: ReadonlySet<string>;
  categories: readonly string[];
  isReminderOn: boolean;
  reminderMinutesBeforeStart: number;
  lastModified: Date;
  version: number;
}

export interface Meeting {
  iCalUId: string;
  organizerId: string;
  organizer: { name: string; address: string };
  transactionId: string | null;
  createdDateTime: Date;
  def: MeetingDef;
  defVersion: number;
  copies: Map<string, EventCopy>;
}

export interface EventCopy {
  id: string;
  mailboxId: string;
  isOrganizer: boolean;
  meeting: Meeting;
  createdDateTime: Date;
  state: CopyState;
}

/** A copy as it stood at one moment: current, or the version a delta token last saw. */
export interface CopyView {
  copy: EventCopy;
  def: MeetingDef;
  defVersion: number;
  state: CopyState;
}

export interface OccurrenceInfo {
  originalDate: string;
  originalStart: Date;
  start: Date;
  end: Date;
  exception?: ExceptionRec;
}

/** One item of a calendar: a single instance, a series master (no `occurrence`), or one occurrence/exception. */
export interface EventInstance {
  view: CopyView;
  occurrence?: OccurrenceInfo;
}
