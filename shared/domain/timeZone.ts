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

const HOUR_MS = 3_600_000;

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

/** Graph's rule-based zone (`workingHours.timeZone` named "Customized Time Zone"): Windows bias convention. */
export interface CustomTimeZoneRule {
  name?: string | null;
  /** Minutes to add to local standard time to get UTC (UTC-8 → 480). */
  bias?: number | null;
  standardOffset?: ZoneTransitionRule | null;
  daylightOffset?: (ZoneTransitionRule & { daylightBias?: number | null }) | null;
}

interface ZoneTransitionRule {
  /** 1-4, or 5 for the last such weekday of the month. */
  dayOccurrence?: number | null;
  dayOfWeek?: string | null;
  month?: number | null;
  time?: string | null;
}

const WEEKDAY_INDEX: Record<string, number> = {
  sunday: 0,
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
};

const customZoneCache = new Map<string, string>();

/**
 * A Graph zone object (`{ name }`, or a customized zone with bias rules) as an IANA zone. A named zone is converted
 * by name; a customized one is matched to the first IANA zone whose offsets agree with its rules all through `year`
 * and the next (Etc/GMT±N first when it has no daylight time), because the scheduling maths needs real zone data.
 */
export function graphZoneToIana(zone: CustomTimeZoneRule, year: number): string {
  const hasRule = typeof zone.bias === "number";
  if (zone.name && (!hasRule || !/^customized time zone$/i.test(zone.name.trim()))) {
    try {
      return toIanaZone(zone.name);
    } catch (err) {
      if (!hasRule) throw err;
    }
  }
  if (!hasRule) throw new UnknownTimeZoneError(zone.name ?? "(no name)");
  const key = `${JSON.stringify(zone)}|${year}`;
  const cached = customZoneCache.get(key);
  if (cached) return cached;
  const offsetOf = customZoneOffsets(zone);
  const samples: number[] = [];
  for (const y of [year, year + 1]) {
    for (let month = 0; month < 12; month++)
      for (const day of [1, 8, 15, 22]) samples.push(Date.UTC(y, month, day, 12));
    for (const at of offsetOf.transitions(y)) for (const h of [-3, -1, 1, 3]) samples.push(at + h * HOUR_MS);
  }
  const standard = -(zone.bias ?? 0);
  const candidates = [
    ...(standard % 60 === 0
      ? [standard === 0 ? "Etc/GMT" : `Etc/GMT${standard > 0 ? "-" : "+"}${Math.abs(standard / 60)}`]
      : []),
    ...Intl.supportedValuesOf("timeZone"),
  ];
  const match = candidates.find((name) => {
    const iana = IANAZone.create(name);
    return iana.isValid && samples.every((t) => iana.offset(t) === offsetOf.at(t));
  });
  if (!match) throw new UnknownTimeZoneError(`${zone.name ?? "Customized Time Zone"} (bias ${zone.bias})`);
  customZoneCache.set(key, match);
  return match;
}

/** Offsets (minutes east of UTC) a customized zone's rules give, and its transition instants in a year. */
function customZoneOffsets(zone: CustomTimeZoneRule) {
  const standard = -(zone.bias ?? 0);
  const toDaylight = zone.daylightOffset;
  const toStandard = zone.standardOffset;
  const daylight = standard - (toDaylight?.daylightBias ?? 0);
  const observesDst = daylight !== standard && !!toDaylight?.month && !!toStandard?.month;
  const transitionsIn = (year: number): [number, number] | [] => {
    if (!observesDst || !toDaylight || !toStandard) return [];
    // Each rule's time is the local time just before it applies (standard time for the switch to daylight).
    return [ruleInstant(toDaylight, year, standard), ruleInstant(toStandard, year, daylight)];
  };
  return {
    transitions: (year: number): number[] => transitionsIn(year),
    at(instant: number): number {
      const t = transitionsIn(new Date(instant).getUTCFullYear());
      if (t.length === 0) return standard;
      const [start, end] = t;
      const inDaylight = start < end ? instant >= start && instant < end : instant >= start || instant < end;
      return inDaylight ? daylight : standard;
    },
  };
}

function ruleInstant(rule: ZoneTransitionRule, year: number, offsetBefore: number): number {
  const month = (rule.month ?? 1) - 1;
  const weekday = WEEKDAY_INDEX[(rule.dayOfWeek ?? "sunday").toLowerCase()] ?? 0;
  const occurrence = rule.dayOccurrence ?? 1;
  const firstWeekday = new Date(Date.UTC(year, month, 1)).getUTCDay();
  let day = 1 + ((weekday - firstWeekday + 7) % 7) + 7 * (Math.min(occurrence, 5) - 1);
  const daysInMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  while (day > daysInMonth) day -= 7;
  const [hour = 0, minute = 0] = (rule.time ?? "00:00").split(":").map((part) => Number.parseInt(part, 10));
  return Date.UTC(year, month, day, hour, minute) - offsetBefore * 60_000;
}

/**
 * A fast reader of a zone's UTC offset (minutes) for instants in [from, to]: the slot finder reads offsets some
 * ten thousand times per pair, so the few transitions in its six weeks are looked up once.
 */
export function zoneOffsetReader(timeZone: string, from: number, to: number): (instant: number) => number {
  const zone = toIanaZone(timeZone);
  const initial = offsetAt(zone, from);
  const changes: [number, number][] = [];
  for (let year = new Date(from).getUTCFullYear(); year <= new Date(to).getUTCFullYear(); year++) {
    offsetAt(zone, Date.UTC(year, 0, 1));
    for (const change of offsetTables.get(zone)?.get(year)?.changes ?? [])
      if (change[0] > from && change[0] <= to) changes.push(change);
  }
  if (changes.length === 0)
    return (instant) => (instant < from || instant > to ? offsetAt(zone, instant) : initial);
  return (instant) => {
    if (instant < from || instant > to) return offsetAt(zone, instant);
    let offset = initial;
    for (const [at, next] of changes) {
      if (instant < at) break;
      offset = next;
    }
    return offset;
  };
}
