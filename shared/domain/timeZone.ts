// The one place where Graph's time-zone names (IANA or Windows) and local wall-clock times are converted.
import { DateTime, IANAZone } from "luxon";
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

/** A local wall-clock reading; `month` is 1-12. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second?: number;
  millisecond?: number;
}

const HOUR_MS = 3_600_000;

/**
 * The instant a wall-clock reading denotes in a zone, resolving DST explicitly rather than leaving it to luxon's
 * offset guess (which picks the earlier or the later instant of a repeated hour depending on the zone):
 * a time in the spring-forward gap moves forward by the gap's length (02:30 → 03:30), as Exchange does, and a
 * time in the repeated fall-back hour is its first, daylight-time instance.
 */
export function wallTimeToUtc(wall: WallTime, timeZone: string): Date {
  const zone = IANAZone.create(toIanaZone(timeZone));
  const asUtc = Date.UTC(
    wall.year,
    wall.month - 1,
    wall.day,
    wall.hour,
    wall.minute,
    wall.second ?? 0,
    wall.millisecond ?? 0,
  );
  // No real zone changes its offset twice within a day, so the offsets a day either side are the candidates.
  const before = zone.offset(asUtc - 24 * HOUR_MS);
  const after = zone.offset(asUtc + 24 * HOUR_MS);
  let earliest: number | undefined;
  for (const offset of before === after ? [before] : [before, after]) {
    const instant = asUtc - offset * 60_000;
    if (zone.offset(instant) === offset && (earliest === undefined || instant < earliest)) earliest = instant;
  }
  // In a gap neither offset reads back; the pre-transition offset lands after the jump, i.e. moved forward.
  return new Date(earliest ?? asUtc - before * 60_000);
}

function trimFraction(dateTime: string): string {
  // luxon accepts at most millisecond precision; Graph sends 7 fractional digits.
  return dateTime.replace(/(\.\d{3})\d+/, "$1").replace(/Z$/, "");
}
