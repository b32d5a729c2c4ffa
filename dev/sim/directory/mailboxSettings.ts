// Turns a fixture's (possibly partial) mailboxSettings into what Exchange Online reports for the mailbox.

import { toIanaZone } from "../../../shared/domain/timeZone.js";
import type { FixtureUser } from "../fixture.js";
import { DirectoryFixtureError } from "./directoryFixtureError.js";
import type { SimMailboxSettings, SimWorkingHours } from "./simUser.js";

/** Exchange's defaults for a new mailbox whose owner never opened Outlook's settings. */
const DEFAULT_TIME_ZONE = "UTC";
const DEFAULT_DAYS: SimWorkingHours["daysOfWeek"] = ["monday", "tuesday", "wednesday", "thursday", "friday"];
const DEFAULT_START = "08:00:00.0000000";
const DEFAULT_END = "17:00:00.0000000";

/** The mailboxSettings properties Graph v1.0 defines; anything else in a fixture is a typo. */
export const MAILBOX_SETTINGS_PROPERTIES: ReadonlySet<string> = new Set([
  "archiveFolder",
  "automaticRepliesSetting",
  "dateFormat",
  "delegateMeetingMessageDeliveryOptions",
  "language",
  "timeFormat",
  "timeZone",
  "userPurpose",
  "workingHours",
]);

/** `8:30` / `08:30:00` / `08:30:00.5` → Graph's `08:30:00.5000000`. */
export function toGraphTimeOfDay(time: string): string {
  const match = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?$/.exec(time);
  if (!match) throw new RangeError(`Invalid time of day "${time}"`);
  const [, h = "", m = "", s = "00", fraction = ""] = match;
  return `${h.padStart(2, "0")}:${m}:${s}.${fraction.padEnd(7, "0").slice(0, 7)}`;
}

export function normalizeMailboxSettings(
  raw: FixtureUser["mailboxSettings"],
  path: string,
): SimMailboxSettings {
  for (const key of Object.keys(raw ?? {})) {
    if (!MAILBOX_SETTINGS_PROPERTIES.has(key) && !key.startsWith("@")) {
      throw new DirectoryFixtureError(`${path}.${key}`, "not a mailboxSettings property in Graph v1.0");
    }
  }
  const timeZone = raw?.timeZone ?? DEFAULT_TIME_ZONE;
  checkZone(timeZone, `${path}.timeZone`);
  const hours = raw?.workingHours;
  const hoursZone = hours?.timeZone?.name ?? timeZone;
  checkZone(hoursZone, `${path}.workingHours.timeZone.name`);
  const workingHours: SimWorkingHours = {
    daysOfWeek: hours?.daysOfWeek ?? DEFAULT_DAYS,
    startTime: hours ? toGraphTimeOfDay(hours.startTime) : DEFAULT_START,
    endTime: hours ? toGraphTimeOfDay(hours.endTime) : DEFAULT_END,
    timeZone: { name: hoursZone },
  };
  if (workingHours.startTime >= workingHours.endTime) {
    throw new DirectoryFixtureError(
      `${path}.workingHours`,
      `startTime ${workingHours.startTime} is not before endTime ${workingHours.endTime}`,
    );
  }
  const { timeZone: _zone, workingHours: _hours, ...rest } = raw ?? {};
  const extras = Object.fromEntries(Object.entries(rest).filter(([key]) => !key.startsWith("@")));
  return {
    language: { locale: "en-US", displayName: "English (United States)" },
    dateFormat: "M/d/yyyy",
    timeFormat: "h:mm tt",
    delegateMeetingMessageDeliveryOptions: "sendToDelegateOnly",
    userPurpose: "user",
    ...extras,
    timeZone,
    workingHours,
  };
}

function checkZone(zone: string, path: string): void {
  try {
    toIanaZone(zone);
  } catch (err) {
    throw new DirectoryFixtureError(path, (err as Error).message);
  }
}
