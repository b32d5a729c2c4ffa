// An independent reading of DESIGN.md "Scheduling rules", written apart from findSlots: luxon calendar arithmetic
// where the finder uses offset tables and epoch maths, so the two only agree when both follow the rules.
import { DateTime } from "luxon";
import type {
  PersonAvailability,
  Slot,
  SlotRequest,
} from "../../../../shared/domain/scheduling/slotTypes.js";
import { toIanaZone } from "../../../../shared/domain/timeZone.js";

const BLOCKING = ["busy", "tentative", "oof"];
// luxon's weekday: 1 = Monday … 7 = Sunday. Names and HH:mm are built by hand: luxon's toFormat goes through Intl.
const WEEKDAY_NAMES = ["", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const clock = (t: DateTime) => `${String(t.hour).padStart(2, "0")}:${String(t.minute).padStart(2, "0")}`;

/** Every rule the slot breaks, in words; empty when it is a valid proposal for the request. */
export function slotViolations(request: SlotRequest, slot: Slot): string[] {
  const problems: string[] = [];
  const durationMinutes = request.durationMinutes ?? 30;
  const intervalDays = request.intervalDays ?? 14;
  const managerZone = toIanaZone(request.manager.timeZone);
  const first = DateTime.fromJSDate(slot.start, { zone: managerZone });
  if (first.minute % 30 !== 0 || first.second !== 0 || first.millisecond !== 0)
    problems.push(`starts at ${first.toISO()}, not on the hour or half hour`);
  if (WEEKDAY_NAMES[first.weekday] !== slot.weekday)
    problems.push(`weekday ${slot.weekday} but starts on ${WEEKDAY_NAMES[first.weekday]}`);
  if (clock(first) !== slot.localTime)
    problems.push(`localTime ${slot.localTime} but starts at ${clock(first)}`);
  if (slot.end.getTime() - slot.start.getTime() !== durationMinutes * 60_000) problems.push("wrong duration");
  const earliest = DateTime.fromJSDate(request.now).plus({ hours: request.minNoticeHours ?? 24 });
  const latest = DateTime.fromJSDate(request.now).plus({ days: request.horizonDays ?? 14 });
  if (first < earliest) problems.push("less notice than required");
  if (first >= latest) problems.push("first occurrence beyond the horizon");
  if (slot.occurrences.length !== 3) problems.push(`${slot.occurrences.length} occurrences, not 3`);
  if (slot.occurrences[0]?.start.getTime() !== slot.start.getTime())
    problems.push("first occurrence is not start");

  slot.occurrences.forEach((occurrence, k) => {
    const local = DateTime.fromJSDate(occurrence.start, { zone: managerZone });
    const expectedDate = DateTime.fromISO(first.toISODate()!, { zone: "UTC" }).plus({
      days: k * intervalDays,
    });
    if (local.toISODate() !== expectedDate.toISODate() || clock(local) !== slot.localTime)
      problems.push(`occurrence ${k} is ${local.toISO()}, not ${expectedDate.toISODate()} ${slot.localTime}`);
    if (occurrence.end.getTime() - occurrence.start.getTime() !== durationMinutes * 60_000)
      problems.push(`occurrence ${k} has the wrong duration`);
    for (const [who, person] of [
      ["manager", request.manager],
      ["report", request.report],
    ] as const) {
      if (!insideWorkingHours(person, occurrence.start, occurrence.end))
        problems.push(`occurrence ${k} is outside the ${who}'s working hours`);
      for (const item of person.busy)
        if (BLOCKING.includes(item.status) && item.start < occurrence.end && occurrence.start < item.end)
          problems.push(
            `occurrence ${k} overlaps the ${who}'s ${item.status} item at ${item.start.toISOString()}`,
          );
    }
    for (const other of request.taken ?? [])
      for (const taken of other.occurrences)
        if (taken.start < occurrence.end && occurrence.start < taken.end)
          problems.push(`occurrence ${k} collides with a taken slot at ${taken.start.toISOString()}`);
  });
  return problems;
}

/** Inside one working day's hours, both ends read as local wall-clock minutes after that day's midnight. */
export function insideWorkingHours(person: PersonAvailability, start: Date, end: Date): boolean {
  const hours = person.workingHours;
  const zone = toIanaZone(hours.timeZone);
  const [sh, sm] = hours.startTime.split(":").map(Number) as [number, number];
  const [eh, em] = hours.endTime.split(":").map(Number) as [number, number];
  const open = sh * 60 + sm;
  let close = eh * 60 + em;
  if (close <= open) close += 24 * 60;
  const localStart = DateTime.fromJSDate(start, { zone });
  const localEnd = DateTime.fromJSDate(end, { zone });
  for (const back of [0, 1]) {
    const workday = localStart.startOf("day").minus({ days: back });
    if (!hours.daysOfWeek.includes(WEEKDAY_NAMES[workday.weekday] as never)) continue;
    const minutesAfter = (t: DateTime) =>
      ((Date.parse(t.toISODate()!) - Date.parse(workday.toISODate()!)) / 86_400_000) * 24 * 60 +
      t.hour * 60 +
      t.minute;
    if (open <= minutesAfter(localStart) && minutesAfter(localEnd) <= close) return true;
  }
  return false;
}
