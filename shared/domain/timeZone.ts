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
  const zone = toIanaZone(timeZone);
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
  const before = offsetAt(zone, asUtc - 24 * HOUR_MS);
  const after = offsetAt(zone, asUtc + 24 * HOUR_MS);
  let earliest: number | undefined;
  for (const offset of before === after ? [before] : [before, after]) {
    const instant = asUtc - offset * 60_000;
    if (offsetAt(zone, instant) === offset && (earliest === undefined || instant < earliest))
      earliest = instant;
  }
  // In a gap neither offset reads back; the pre-transition offset lands after the jump, i.e. moved forward.
  return new Date(earliest ?? asUtc - before * 60_000);
}

/** The zone's UTC offset in minutes at an instant (IANA or Windows name). */
export function zoneOffsetMinutes(timeZone: string, instant: Date | number): number {
  return offsetAt(toIanaZone(timeZone), typeof instant === "number" ? instant : instant.getTime());
}

/** Offset changes of one zone in one UTC year: the offset at the year's start, then [instant, new offset]. */
interface YearOffsets {
  initial: number;
  changes: [number, number][];
}

// Intl (behind luxon's IANAZone.offset) costs microseconds per call; the simulator converts hundreds of
// thousands of occurrence times per sweep, so each zone's transitions are found once per year and then looked up.
const offsetTables = new Map<string, Map<number, YearOffsets>>();

function offsetAt(ianaZone: string, instant: number): number {
  const year = new Date(instant).getUTCFullYear();
  let years = offsetTables.get(ianaZone);
  if (!years) {
    years = new Map();
    offsetTables.set(ianaZone, years);
  }
  let table = years.get(year);
  if (!table) {
    table = yearOffsets(ianaZone, year);
    years.set(year, table);
  }
  let offset = table.initial;
  for (const [at, next] of table.changes) {
    if (instant < at) break;
    offset = next;
  }
  return offset;
}

function yearOffsets(ianaZone: string, year: number): YearOffsets {
  const zone = IANAZone.create(ianaZone);
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  const initial = zone.offset(start);
  const changes: [number, number][] = [];
  let previous = initial;
  // Daily samples: no zone changes its offset twice within a day; the change itself is then bisected to the second.
  for (let t = start + 24 * HOUR_MS; t < end + 24 * HOUR_MS; t += 24 * HOUR_MS) {
    const sample = Math.min(t, end - 1);
    const offset = zone.offset(sample);
    if (offset === previous) continue;
    let lo = (sample - 24 * HOUR_MS) / 1000;
    let hi = Math.ceil(sample / 1000);
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (zone.offset(mid * 1000) === previous) lo = mid;
      else hi = mid;
    }
    changes.push([hi * 1000, offset]);
    previous = offset;
  }
  return { initial, changes };
}

function trimFraction(dateTime: string): string {
  // luxon accepts at most millisecond precision; Graph sends 7 fractional digits.
  return dateTime.replace(/(\.\d{3})\d+/, "$1").replace(/Z$/, "");
}
