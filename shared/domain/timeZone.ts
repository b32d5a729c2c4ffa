// The one place where Graph's time-zone names (IANA or Windows) and local wall-clock times are converted.
import { DateTime } from "luxon";
import { findIana } from "windows-iana";

/** Graph writes local times as `2026-11-25T09:00:00.0000000` (no offset, 7 fractional digits). */
export interface DateTimeTimeZone {
  dateTime: string;
  timeZone: string;
}

export class UnknownTimeZoneError extends Error {
  readonly code = "TIMEZONE.UNKNOWN";
  constructor(readonly zone: string) {
    super(
      `Unknown time zone "${zone}" (expected an IANA name like "Europe/Rome" or a Windows name like "W. Europe Standard Time")`,
    );
  }
}

const ianaCache = new Map<string, string>();

/** Resolves an IANA or Windows time-zone name to an IANA zone luxon understands. */
export function toIanaZone(name: string): string {
  const cached = ianaCache.get(name);
  if (cached) return cached;
  let zone: string | undefined;
  if (/^(utc|gmt|etc\/utc|coordinated universal time)$/i.test(name.trim())) zone = "UTC";
  else if (DateTime.local().setZone(name).isValid) zone = name;
  else zone = findIana(name)?.[0];
  if (!zone || !DateTime.local().setZone(zone).isValid) throw new UnknownTimeZoneError(name);
  ianaCache.set(name, zone);
  return zone;
}

/** The instant a Graph local date-time denotes in its zone (gaps at DST move forward, as Exchange does). */
export function zonedToUtc(local: DateTimeTimeZone): Date {
  const dt = DateTime.fromISO(trimFraction(local.dateTime), { zone: toIanaZone(local.timeZone) });
  if (!dt.isValid) throw new RangeError(`Invalid dateTime "${local.dateTime}" in zone "${local.timeZone}"`);
  return dt.toJSDate();
}

/** Formats an instant as Graph does for a zone: `2026-11-25T10:00:00.0000000`. */
export function utcToZoned(instant: Date, timeZone: string): DateTimeTimeZone {
  const dt = DateTime.fromJSDate(instant, { zone: toIanaZone(timeZone) });
  return { dateTime: `${dt.toFormat("yyyy-MM-dd'T'HH:mm:ss")}.0000000`, timeZone };
}

/** The local calendar date (`yyyy-MM-dd`) of an instant in a zone. */
export function localDate(instant: Date, timeZone: string): string {
  return DateTime.fromJSDate(instant, { zone: toIanaZone(timeZone) }).toISODate()!;
}

function trimFraction(dateTime: string): string {
  // luxon accepts at most millisecond precision; Graph sends 7 fractional digits.
  return dateTime.replace(/(\.\d{3})\d+/, "$1").replace(/Z$/, "");
}
