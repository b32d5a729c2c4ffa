// The busy part of generated calendars: team meetings, the all-hands, focus time, OOF, and 1:1s that are not
// manager/report pairs (peers, skip-levels). None of it may ever be a 1:1 of a pair.
import { DateTime } from "luxon";
import type { FixtureEventEntry } from "../fixture.js";
import type { Person } from "./orgChart.js";
import { atTime, type EventSpec, instantDateTime, localDay, planEvent, weekdayOf } from "./plannedEvent.js";
import type { Prng } from "./prng.js";
import { ROOMS, type Weekday } from "./sites.js";

/** An all-hands invites everyone up to this many; real ones use a distribution list, fixtures list people. */
export const ALL_HANDS_MAX_ATTENDEES = 250;

export function buildNoise(
  people: readonly Person[],
  rng: Prng,
  now: DateTime,
  roomDomain: string,
): FixtureEventEntry[] {
  const active = people.filter((p) => p.accountEnabled && p.hasMailbox);
  const byId = new Map(people.map((p) => [p.id, p]));
  const out: FixtureEventEntry[] = [];
  const add = (spec: EventSpec) => out.push(planEvent(spec).entry);
  const day = (person: Person, offset: number, weekday?: Weekday): DateTime => {
    let d = localDay(now, person.site.timeZone, offset);
    while (weekday ? weekdayOf(d) !== weekday : !person.workingHours.days.includes(weekdayOf(d)))
      d = d.plus({ days: 1 });
    return d;
  };
  const slot = (person: Person, minutes: number): string => {
    const toMin = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
    const first = toMin(person.workingHours.start);
    const last = Math.max(first, toMin(person.workingHours.end) - minutes);
    const t = first + 30 * rng.int(0, Math.floor((last - first) / 30));
    return `${String(Math.floor(t / 60)).padStart(2, "0")}:${String(t % 60).padStart(2, "0")}`;
  };
  const weekly = (person: Person, interval: number, days: Weekday[]) => ({
    type: "weekly" as const,
    interval,
    daysOfWeek: days,
    firstDayOfWeek: (person.site.continent === "North America" ? "sunday" : "monday") as Weekday,
    range: { type: "noEnd" as const },
  });
  const base = (organizer: Person, start: DateTime, minutes: number): EventSpec => ({
    organizer,
    mailboxBy: rng.chance(0.5) ? "id" : "upn",
    subject: "",
    invitees: [],
    start,
    minutes,
    // Booked before it starts, and never after `now`: an event cannot have been created in the future.
    created: DateTime.min(
      instantDateTime(organizer.site.timeZone, start).minus({ days: rng.int(1, 14) }),
      now.minus({ hours: rng.int(1, 72) }),
    ),
  });

  const ceo = people.find((p) => p.managerId === null)!;
  const allHandsDay = day(ceo, -rng.int(200, 320), "thursday");
  add({
    ...base(ceo, atTime(allHandsDay, "16:00"), 60),
    subject: "Company all-hands",
    invitees: active
      .filter((p) => p !== ceo)
      .slice(0, ALL_HANDS_MAX_ATTENDEES)
      .map((person) => ({ person, type: "required" as const })),
    recurrence: {
      type: "relativeMonthly",
      interval: 1,
      daysOfWeek: ["thursday"],
      index: "first",
      range: { type: "noEnd" },
    },
    online: true,
  });

  for (const manager of active) {
    const team = manager.directs.filter((p) => p.accountEnabled && p.hasMailbox);
    // With fewer than two attendees a "team meeting" would be exactly a manager/report pair: a 1:1.
    if (team.length >= 2) {
      const minutes = rng.pick([30, 45, 60]);
      const start = atTime(day(manager, -rng.int(60, 400)), slot(manager, minutes));
      add({
        ...base(manager, start, minutes),
        subject: `${manager.department} team sync`,
        invitees: team.map((person) => ({ person, type: "required" as const })),
        recurrence: weekly(manager, 1, [weekdayOf(start)]),
        online: true,
      });
      if (rng.chance(0.3)) {
        const [a, b] = rng.shuffle([...team]) as [Person, Person];
        const start = atTime(day(a, -rng.int(10, 200)), slot(a, 30));
        add({
          ...base(a, start, 30),
          subject: `Peer sync ${a.givenName} / ${b.givenName}`,
          invitees: [
            { person: b, type: "required" },
            ...(rng.chance(0.3)
              ? [{ address: `${rng.pick(ROOMS)}@${roomDomain}`, type: "resource" as const }]
              : []),
          ],
          recurrence: weekly(a, 2, [weekdayOf(start)]),
        });
      }
    }
  }

  for (const person of active) {
    if (rng.chance(0.25)) {
      const minutes = Math.min(120, minutesBetween(person.workingHours.start, person.workingHours.end) - 60);
      const days = rng.shuffle([...person.workingHours.days]).slice(0, 2);
      const start = atTime(day(person, -rng.int(10, 200), days[0]), slot(person, minutes));
      add({
        ...base(person, start, minutes),
        subject: "Focus time",
        recurrence: weekly(person, 1, days),
        showAs: "busy",
      });
    }
    if (rng.chance(0.08)) {
      const start = day(person, rng.int(-60, 40));
      add({
        ...base(person, start, 0),
        subject: rng.pick(["Vacation", "Out of office", "Public holiday", "Conference travel"]),
        allDayDays: rng.int(1, 10),
        showAs: "oof",
      });
    } else if (rng.chance(0.04)) {
      const start = atTime(day(person, rng.int(-30, 30)), slot(person, 120));
      add({ ...base(person, start, 120), subject: "Doctor's appointment", showAs: "oof" });
    }
    const manager = person.managerId ? byId.get(person.managerId) : undefined;
    const skip = manager?.managerId ? byId.get(manager.managerId) : undefined;
    if (skip?.accountEnabled && skip.hasMailbox && rng.chance(0.1)) {
      const monthly = rng.chance(0.5);
      const near = day(skip, -rng.int(5, 80));
      const start = atTime(monthly ? secondWeekday(near) : near, slot(skip, 30));
      add({
        ...base(skip, start, 30),
        subject: `Skip-level ${skip.givenName} / ${person.givenName}`,
        invitees: [{ person, type: "required" }],
        ...(monthly
          ? {
              recurrence: {
                type: "relativeMonthly" as const,
                interval: 1,
                daysOfWeek: [weekdayOf(start)] as [Weekday],
                index: "second" as const,
                range: { type: "noEnd" as const },
              },
            }
          : {}),
      });
    }
  }
  return out;
}

function minutesBetween(start: string, end: string): number {
  const toMin = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  return toMin(end) - toMin(start);
}

/** The second same-weekday of the month, where a "second Tuesday" series has its first occurrence. */
function secondWeekday(day: DateTime): DateTime {
  const first = day.startOf("month");
  const firstMatch = first.plus({ days: (day.weekday - first.weekday + 7) % 7 });
  return firstMatch.plus({ weeks: 1 });
}
