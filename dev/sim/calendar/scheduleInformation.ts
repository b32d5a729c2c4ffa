// Free/busy for `calendar/getSchedule`, computed from the same calendar items calendarView returns.
import { findIana, findWindows } from "windows-iana";
import { utcToZoned } from "../../../shared/domain/timeZone.js";
import type { CalendarStore } from "./calendarStore.js";
import { renderEvent } from "./eventJson.js";

type Status = "free" | "tentative" | "busy" | "oof" | "workingElsewhere";

const DIGIT: Record<Status, string> = {
  free: "0",
  tentative: "1",
  busy: "2",
  oof: "3",
  workingElsewhere: "4",
};
/** Which status wins a slot several items share: the most unavailable one. */
const RANK: Record<Status, number> = { free: 0, workingElsewhere: 1, tentative: 2, busy: 3, oof: 4 };

const DEFAULT_WORKING_HOURS = {
  daysOfWeek: ["monday", "tuesday", "wednesday", "thursday", "friday"],
  startTime: "08:00:00.0000000",
  endTime: "17:00:00.0000000",
};

export interface ScheduleWindow {
  start: Date;
  end: Date;
  intervalMinutes: number;
  /** Zone for scheduleItems' start/end (Prefer: outlook.timezone, else UTC). */
  timeZone: string;
}

export function scheduleInformation(
  store: CalendarStore,
  scheduleId: string,
  window: ScheduleWindow,
): Record<string, unknown> {
  const user = store.findUser(scheduleId);
  if (!user) {
    return {
      scheduleId,
      error: {
        message: `Unable to resolve e-mail address ${scheduleId} to an Active Directory object.`,
        responseCode: "5009",
      },
    };
  }
  if (user.hasMailbox === false) {
    return {
      scheduleId,
      error: {
        message: `The SMTP address ${scheduleId} has no mailbox associated with it.`,
        responseCode: "ErrorNonExistentMailbox",
      },
    };
  }
  const items: { status: Status; start: Date; end: Date; event: Record<string, unknown> }[] = [];
  for (const instance of store.calendarView(user.id, window.start, window.end)) {
    const event = renderEvent(instance, { timeZone: "UTC", basic: true });
    const status = event.showAs as Status | "unknown";
    if (event.isCancelled === true || status === "free" || status === "unknown") continue;
    const start = instance.occurrence?.start ?? instance.view.def.startUtc;
    const end = instance.occurrence?.end ?? instance.view.def.endUtc;
    items.push({ status, start, end, event });
  }
  const slotMs = window.intervalMinutes * 60_000;
  const slots = Math.ceil((window.end.getTime() - window.start.getTime()) / slotMs);
  let availabilityView = "";
  for (let i = 0; i < slots; i++) {
    const slotStart = window.start.getTime() + i * slotMs;
    const slotEnd = Math.min(slotStart + slotMs, window.end.getTime());
    let best: Status = "free";
    for (const item of items) {
      if (
        item.start.getTime() < slotEnd &&
        item.end.getTime() > slotStart &&
        RANK[item.status] > RANK[best]
      ) {
        best = item.status;
      }
    }
    availabilityView += DIGIT[best];
  }
  return {
    scheduleId,
    availabilityView,
    scheduleItems: items.map(({ status, start, end, event }) => {
      const isPrivate = event.sensitivity === "private";
      const location = (event.location as { displayName?: string } | undefined)?.displayName;
      return {
        isPrivate,
        status,
        ...(isPrivate ? {} : { subject: event.subject, location: location ?? "" }),
        start: utcToZoned(start, window.timeZone),
        end: utcToZoned(end, window.timeZone),
      };
    }),
    workingHours: workingHours(store, user.id),
  };
}

/** The mailbox's working hours in Graph's shape; Exchange's defaults when none are set. */
function workingHours(store: CalendarStore, userId: string): Record<string, unknown> {
  const raw = (store.deps.directory.workingHoursOf(userId) ?? {}) as {
    daysOfWeek?: string[];
    startTime?: string;
    endTime?: string;
    timeZone?: { name?: string } | null;
  };
  const zone = raw.timeZone?.name ?? store.deps.directory.timeZoneOf(userId) ?? "UTC";
  return {
    daysOfWeek: raw.daysOfWeek ?? DEFAULT_WORKING_HOURS.daysOfWeek,
    startTime: graphTime(raw.startTime ?? DEFAULT_WORKING_HOURS.startTime),
    endTime: graphTime(raw.endTime ?? DEFAULT_WORKING_HOURS.endTime),
    // Exchange reports working hours in its own (Windows) zone names even when the mailbox was set with IANA.
    timeZone: { name: windowsName(zone) },
  };
}

function windowsName(zone: string): string {
  if (findIana(zone).length > 0) return zone;
  return findWindows(zone)[0] ?? zone;
}

/** `08:00` → `08:00:00.0000000`, the form Graph writes times of day in. */
function graphTime(time: string): string {
  const [hms, fraction = ""] = time.split(".");
  const parts = hms!.split(":");
  while (parts.length < 3) parts.push("00");
  return `${parts.join(":")}.${fraction.padEnd(7, "0").slice(0, 7)}`;
}
