// Wall-clock readings to instants for the simulator's recurrence expansion (Exchange's DST rules).
import { toIanaZone, zoneOffsetMinutes } from "../../../../shared/domain/timeZone.js";

const HOUR_MS = 3_600_000;

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
  const before = zoneOffsetMinutes(zone, asUtc - 24 * HOUR_MS);
  const after = zoneOffsetMinutes(zone, asUtc + 24 * HOUR_MS);
  let earliest: number | undefined;
  for (const offset of before === after ? [before] : [before, after]) {
    const instant = asUtc - offset * 60_000;
    if (zoneOffsetMinutes(zone, instant) === offset && (earliest === undefined || instant < earliest))
      earliest = instant;
  }
  // In a gap neither offset reads back; the pre-transition offset lands after the jump, i.e. moved forward.
  return new Date(earliest ?? asUtc - before * 60_000);
}
