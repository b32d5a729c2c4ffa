// Graph's mailboxSettings and getSchedule answer for one person, as the slot finder's PersonAvailability.
import type {
  WorkingHours as GraphWorkingHours,
  MailboxSettings,
  ScheduleInformation,
} from "@microsoft/microsoft-graph-types";
import { graphZoneToIana, toIanaZone, zonedToUtc } from "../timeZone.js";
import { ScheduleUnavailableError } from "./ScheduleUnavailableError.js";
import {
  type BusyItem,
  type FreeBusyStatus,
  type PersonAvailability,
  WEEKDAYS_BY_UTC_DAY,
  type Weekday,
  type WorkingHours,
} from "./slotTypes.js";

const WEEKDAYS = new Set<string>(WEEKDAYS_BY_UTC_DAY);
const STATUSES = new Set<string>(["free", "tentative", "busy", "oof", "workingElsewhere", "unknown"]);
/** availabilityView digits, in Graph's order. */
const VIEW_STATUSES: readonly FreeBusyStatus[] = ["free", "tentative", "busy", "oof", "workingElsewhere"];

export interface AvailabilityOptions {
  /** Now: a customized working-hours zone is matched to an IANA zone over this year and the next. */
  now: Date;
  /** The getSchedule request's start and interval: needed only to read `availabilityView` when no items came. */
  viewStart?: Date;
  viewIntervalMinutes?: number;
}

/**
 * Throws UnknownTimeZoneError (TIMEZONE.UNKNOWN) for a zone no IANA zone matches and ScheduleUnavailableError
 * (SCHEDULE.UNAVAILABLE) when getSchedule reported an error for the person: guessing "free" would book over
 * meetings nobody could see.
 */
export function availabilityFromGraph(
  mailbox: MailboxSettings | null | undefined,
  schedule: ScheduleInformation | null | undefined,
  options: AvailabilityOptions,
): PersonAvailability {
  const year = options.now.getUTCFullYear();
  const graphHours = mailbox?.workingHours ?? schedule?.workingHours ?? undefined;
  const hoursZone = graphHours?.timeZone ? graphZoneToIana(graphHours.timeZone, year) : undefined;
  // Without a mailbox zone the person's hours' zone is the best statement of where they are.
  const timeZone = mailbox?.timeZone ? toIanaZone(mailbox.timeZone) : (hoursZone ?? "UTC");
  if (schedule?.error && !schedule.scheduleItems?.length) {
    throw new ScheduleUnavailableError(
      schedule.scheduleId ?? "(unknown)",
      schedule.error.responseCode ?? "error",
      schedule.error.message ?? "",
    );
  }
  return {
    timeZone,
    workingHours: workingHoursOf(graphHours, hoursZone ?? timeZone),
    busy: busyOf(schedule, options),
  };
}

function workingHoursOf(hours: GraphWorkingHours | undefined, zone: string): WorkingHours {
  const days = (hours?.daysOfWeek ?? [])
    .map((d) => d.toLowerCase())
    .filter((d): d is Weekday => WEEKDAYS.has(d));
  if (!hours?.startTime || !hours.endTime || !hours.daysOfWeek) {
    // Exchange's default when a mailbox never set its hours.
    return {
      daysOfWeek: ["monday", "tuesday", "wednesday", "thursday", "friday"],
      startTime: "08:00",
      endTime: "17:00",
      timeZone: zone,
    };
  }
  return {
    daysOfWeek: days,
    startTime: localTime(hours.startTime, "startTime"),
    endTime: localTime(hours.endTime, "endTime"),
    timeZone: zone,
  };
}

/** Graph's "08:00:00.0000000" as "08:00"; anything else is no time of day the slot finder could search. */
function localTime(value: unknown, field: string): string {
  if (typeof value !== "string" || !/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?$/.test(value))
    throw new RangeError(`workingHours.${field} ${JSON.stringify(value)} is not a time of day`);
  return value.slice(0, 5);
}

function busyOf(schedule: ScheduleInformation | null | undefined, options: AvailabilityOptions): BusyItem[] {
  if (!schedule) return [];
  if (schedule.scheduleItems) {
    const items: BusyItem[] = [];
    for (const item of schedule.scheduleItems) {
      if (!item.start?.dateTime || !item.end?.dateTime) continue;
      const status = item.status && STATUSES.has(item.status) ? item.status : "unknown";
      items.push({
        start: zonedToUtc({ dateTime: item.start.dateTime, timeZone: item.start.timeZone ?? "UTC" }),
        end: zonedToUtc({ dateTime: item.end.dateTime, timeZone: item.end.timeZone ?? "UTC" }),
        status,
      });
    }
    return items;
  }
  const view = schedule.availabilityView;
  if (!view || !options.viewStart) return [];
  const step = (options.viewIntervalMinutes ?? 30) * 60_000;
  const start = options.viewStart.getTime();
  return [...view].flatMap((digit, i) => {
    const status = VIEW_STATUSES[Number(digit)] ?? "unknown";
    return status === "free"
      ? []
      : [{ start: new Date(start + i * step), end: new Date(start + (i + 1) * step), status }];
  });
}
