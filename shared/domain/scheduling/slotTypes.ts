// The slot finder's vocabulary (DESIGN.md "Scheduling rules"): what it is given about each person and what it returns.

export type Weekday = "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday";
/** Indexed by `Date#getUTCDay()` of a local-date reading. */
export const WEEKDAYS_BY_UTC_DAY: readonly Weekday[] = [
  "sunday",
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
];

/** Graph's free/busy statuses; only busy, tentative and oof block a slot. */
export type FreeBusyStatus = "free" | "tentative" | "busy" | "oof" | "workingElsewhere" | "unknown";

/** One person's working hours, already resolved to an IANA zone (Windows names are converted at the edge). */
export interface WorkingHours {
  daysOfWeek: readonly Weekday[];
  /** Local wall-clock "HH:MM" (Graph's "08:00:00.0000000" is normalised before it gets here). */
  startTime: string;
  endTime: string;
  /** IANA zone the hours are expressed in (may differ from the person's mailbox zone). */
  timeZone: string;
}

export interface BusyItem {
  start: Date;
  end: Date;
  status: FreeBusyStatus;
}

export interface PersonAvailability {
  /** IANA zone of the person's mailbox (what their local times are shown in). */
  timeZone: string;
  workingHours: WorkingHours;
  busy: readonly BusyItem[];
}

/** A weekly time in the manager's zone, bi-weekly from `start`. */
export interface Slot {
  /** First occurrence, UTC. */
  start: Date;
  end: Date;
  /** Weekday and "HH:MM" of the first occurrence in the manager's zone. */
  weekday: Weekday;
  localTime: string;
  /** The first three occurrences (start, +14 d, +28 d at the same wall-clock time in the manager's zone). */
  occurrences: ReadonlyArray<{ start: Date; end: Date }>;
  /** Higher is better; the finder returns slots sorted by it, best first. */
  score: number;
}

export interface SlotRequest {
  now: Date;
  manager: PersonAvailability;
  report: PersonAvailability;
  /** Default 30. */
  durationMinutes?: number;
  /** Default 24 (CADENCE_MIN_NOTICE_HOURS). */
  minNoticeHours?: number;
  /** The first occurrence starts within this many days of now. Default 14. */
  horizonDays?: number;
  /** Days between occurrences. Default 14. */
  intervalDays?: number;
  /** Slots already proposed for the same manager in this run: no returned slot may overlap any of their occurrences. */
  taken?: readonly Slot[];
  /** How many slots to return at most (best first). Default 3. */
  limit?: number;
}

export type SlotSearch =
  | { ok: true; slots: Slot[] }
  /** `reason` names both zones and hours, e.g. "no 30-minute time is inside 09:00–18:00 Asia/Tokyo and …". */
  | { ok: false; code: "SLOT.NONE_FOUND"; reason: string };
