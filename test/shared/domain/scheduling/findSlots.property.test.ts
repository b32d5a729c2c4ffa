// findSlots over generated zones, working hours and calendars (fixed seed): every slot keeps every rule, and on
// small searches a brute force over all candidates agrees with it on which weekly times exist at all.
import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { findSlots } from "../../../../shared/domain/scheduling/findSlots.js";
import type {
  BusyItem,
  FreeBusyStatus,
  PersonAvailability,
  Slot,
  SlotRequest,
  Weekday,
} from "../../../../shared/domain/scheduling/slotTypes.js";
import { toIanaZone } from "../../../../shared/domain/timeZone.js";
import { insideWorkingHours, slotViolations } from "./slotRules.js";

// Windows and IANA names; half- and quarter-hour offsets; both sides of the date line; zones whose DST changes
// fall inside the searched weeks (US 2027-03-14, Europe 2027-03-28, Sydney/Auckland 2027-04-04).
const ZONES = [
  "Europe/Rome",
  "W. Europe Standard Time",
  "America/New_York",
  "Eastern Standard Time",
  "Pacific Standard Time",
  "America/Los_Angeles",
  "Asia/Tokyo",
  "Tokyo Standard Time",
  "Asia/Kolkata",
  "India Standard Time",
  "Asia/Kathmandu",
  "Nepal Standard Time",
  "Australia/Sydney",
  "AUS Eastern Standard Time",
  "Australia/Adelaide",
  "Pacific/Auckland",
  "America/St_Johns",
  "Pacific/Honolulu",
  "Pacific/Kiritimati",
  "Pacific/Pago_Pago",
  "Europe/London",
  "UTC",
];
const WEEKDAYS: Weekday[] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const STATUSES: FreeBusyStatus[] = ["free", "tentative", "busy", "oof", "workingElsewhere", "unknown"];
const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

// Each person's hours lie around a shared UTC anchor (so most pairs have some common time and the search has
// work to do), cut off at 04:00 local: no zone here changes its clocks after 04:00, so no candidate inside working
// hours sits in a DST gap or repeated hour (named tests cover those).
const personArb = (now: Date, anchor: number): fc.Arbitrary<PersonAvailability> =>
  fc
    .record({
      zone: fc.constantFrom(...ZONES),
      hoursZone: fc.oneof(
        { weight: 3, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.constantFrom(...ZONES) },
      ),
      days: fc.oneof(fc.constant(WEEKDAYS.slice(0, 5)), fc.subarray(WEEKDAYS, { minLength: 1 })),
      before: fc.integer({ min: 0, max: 24 }).map((q) => q * 15),
      after: fc.integer({ min: 1, max: 24 }).map((q) => q * 15),
      busy: fc.array(
        fc.record({
          at: fc.integer({ min: -2 * 96, max: 46 * 96 }),
          quarters: fc.integer({ min: 1, max: 24 }),
          status: fc.constantFrom(...STATUSES),
        }),
        { maxLength: 25 },
      ),
    })
    .map(({ zone, hoursZone, days, before, after, busy }) => {
      const hoursIn = hoursZone ?? zone;
      const offset = DateTime.fromJSDate(now, { zone: toIanaZone(hoursIn) }).offset;
      const local = (((anchor + offset) % 1440) + 1440) % 1440;
      const open = Math.max(240, local - before);
      const close = Math.max(open + 15, Math.min(local + after, 23 * 60 + 45));
      return {
        timeZone: toIanaZone(zone),
        workingHours: { daysOfWeek: days, startTime: hhmm(open), endTime: hhmm(close), timeZone: hoursIn },
        busy: busy.map(
          ({ at, quarters, status }): BusyItem => ({
            start: new Date(now.getTime() + at * 15 * 60_000),
            end: new Date(now.getTime() + (at + quarters) * 15 * 60_000),
            status,
          }),
        ),
      };
    });

const NOW_FROM = Date.parse("2027-02-20T00:00:00Z");
const requestArb = (horizon: fc.Arbitrary<number>): fc.Arbitrary<SlotRequest> =>
  fc
    .integer({ min: 0, max: 30 * 24 * 4 })
    .map((quarters) => new Date(NOW_FROM + quarters * 15 * 60_000 + 7 * 60_000))
    .chain((now) =>
      fc.tuple(
        fc.constant(now),
        fc.integer({ min: 0, max: 47 }).map((h) => h * 30),
      ),
    )
    .chain(([now, anchor]) =>
      fc.record({
        now: fc.constant(now),
        manager: personArb(now, anchor),
        report: personArb(now, anchor),
        minNoticeHours: fc.constantFrom(0, 12, 24),
        horizonDays: horizon,
      }),
    );

/** All weekly times ("weekday HH:mm") with at least one valid first occurrence, by trying every half hour. */
function bruteForce(request: SlotRequest): Set<string> {
  const zone = toIanaZone(request.manager.timeZone);
  const found = new Set<string>();
  const last = DateTime.fromJSDate(request.now, { zone }).plus({ days: request.horizonDays ?? 14 });
  for (
    let day = DateTime.fromJSDate(request.now, { zone }).startOf("day");
    day <= last;
    day = day.plus({ days: 1 })
  )
    for (let minute = 0; minute < 24 * 60; minute += 30) {
      const start = day.set({ hour: Math.floor(minute / 60), minute: minute % 60 });
      if (start.hour * 60 + start.minute !== minute) continue;
      // Cheap necessary conditions first; the full check decides.
      const notice = request.now.getTime() + (request.minNoticeHours ?? 24) * 3_600_000;
      if (
        start.toMillis() < notice ||
        start > DateTime.fromJSDate(request.now).plus({ days: request.horizonDays ?? 14 })
      )
        continue;
      const firstEnd = start.plus({ minutes: 30 }).toJSDate();
      if (
        !insideWorkingHours(request.manager, start.toJSDate(), firstEnd) ||
        !insideWorkingHours(request.report, start.toJSDate(), firstEnd)
      )
        continue;
      const occurrences = [0, 14, 28].map((days) => {
        const s = start.plus({ days });
        return { start: s.toJSDate(), end: s.plus({ minutes: 30 }).toJSDate() };
      });
      const slot: Slot = {
        start: occurrences[0]!.start,
        end: occurrences[0]!.end,
        weekday: WEEKDAYS[start.weekday - 1]!,
        localTime: hhmm(minute),
        occurrences,
        score: 0,
      };
      if (slotViolations(request, slot).length === 0) found.add(`${slot.weekday} ${slot.localTime}`);
    }
  return found;
}

describe("findSlots properties", () => {
  it("returns only slots that keep every rule, ranked, at most `limit`, one per weekly time", () => {
    fc.assert(
      fc.property(requestArb(fc.constant(14)), fc.integer({ min: 1, max: 4 }), (request, limit) => {
        const result = findSlots({ ...request, limit });
        if (!result.ok) {
          expect(result.code).toBe("SLOT.NONE_FOUND");
          expect(result.reason).toContain(toIanaZone(request.manager.workingHours.timeZone));
          expect(result.reason).toContain(toIanaZone(request.report.workingHours.timeZone));
          return;
        }
        expect(result.slots.length).toBeGreaterThan(0);
        expect(result.slots.length).toBeLessThanOrEqual(limit);
        for (const slot of result.slots) expect(slotViolations(request, slot)).toEqual([]);
        const scores = result.slots.map((s) => s.score);
        expect(scores).toEqual([...scores].sort((a, b) => b - a));
        const keys = result.slots.map((s) => `${s.weekday} ${s.localTime}`);
        expect(new Set(keys).size).toBe(keys.length);
      }),
      { seed: 20270314, numRuns: 80 },
    );
  });

  it("finds every weekly time a brute-force search finds, and says noSlot only when there is none", () => {
    fc.assert(
      fc.property(requestArb(fc.integer({ min: 2, max: 5 })), (request) => {
        const expected = bruteForce(request);
        const result = findSlots({ ...request, limit: 1000 });
        const found = new Set(result.ok ? result.slots.map((s) => `${s.weekday} ${s.localTime}`) : []);
        expect(result.ok).toBe(expected.size > 0);
        // All of them, not only the best few: a rule bent at the edge of the search shows up here.
        for (const slot of result.ok ? result.slots : []) expect(slotViolations(request, slot)).toEqual([]);
        expect([...found].sort()).toEqual([...expected].sort());
      }),
      { seed: 20270328, numRuns: 25 },
    );
  });

  it("never lets one manager's proposals collide on any of their first three occurrences", () => {
    fc.assert(
      fc.property(
        requestArb(fc.constant(14)).chain((request) =>
          fc.tuple(
            fc.constant(request),
            fc.array(
              fc.integer({ min: 0, max: 47 }).chain((h) => personArb(request.now, h * 30)),
              { minLength: 2, maxLength: 5 },
            ),
          ),
        ),
        ([request, reports]) => {
          const taken: Slot[] = [];
          for (const report of [request.report, ...reports]) {
            const asked = { ...request, report, taken: [...taken] };
            const result = findSlots(asked);
            if (!result.ok) continue;
            for (const slot of result.slots) expect(slotViolations(asked, slot)).toEqual([]);
            taken.push(result.slots[0]!);
          }
        },
      ),
      { seed: 20270404, numRuns: 25 },
    );
  });
});
