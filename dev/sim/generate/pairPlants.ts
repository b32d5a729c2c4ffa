// Plants the calendar history of one manager/report pair so that it has a chosen status under DESIGN.md's policy.
import { DateTime } from "luxon";
import type { PairStatus } from "./groundTruth.js";
import type { Person } from "./orgChart.js";
import {
  atTime,
  type EventSpec,
  floatingDate,
  type Invitee,
  instantDateTime,
  instantOf,
  localDay,
  localDayMillis,
  nthWeekday,
  originalStarts,
  type PlannedEvent,
  planEvent,
  type RangeSpec,
  type RecurrenceSpec,
  type WeekIndex,
  weekdayOf,
} from "./plannedEvent.js";
import { PLANT_POLICY, stableStatus } from "./plantPolicy.js";
import type { Prng } from "./prng.js";
import { ROOMS } from "./sites.js";

export interface PairContext {
  rng: Prng;
  now: DateTime;
  /** Occurrences are expanded up to here (past the lookahead, so "nothing booked" is true beyond it too). */
  until: DateTime;
  roomDomain: string;
}

export interface Plant {
  events: PlannedEvent[];
  why: string;
}

export type PlantedStatus = Exclude<PairStatus, "excluded">;

export class PlantError extends Error {
  readonly code = "GENERATE.PLANT_FAILED";
}

/** Tries the status's variants until one is unambiguous (stable two days either side of `now`). */
export function plantPair(status: PlantedStatus, manager: Person, report: Person, ctx: PairContext): Plant {
  for (let attempt = 0; attempt < 40; attempt++) {
    const plant = new PairPlanter(manager, report, ctx)[status]();
    if (stableStatus(plant.events, ctx.now.toMillis()) === status) return plant;
  }
  throw new PlantError(`Could not plant a ${status} pair for ${manager.upn} / ${report.upn}`);
}

class PairPlanter {
  private readonly rng: Prng;
  private organizer: Person;
  private other: Person;

  constructor(
    private readonly manager: Person,
    private readonly report: Person,
    private readonly ctx: PairContext,
  ) {
    this.rng = ctx.rng;
    this.organizer = this.rng.chance(0.65) ? manager : report;
    this.other = this.organizer === manager ? report : manager;
  }

  healthy(): Plant {
    const variant = this.rng.weighted([
      ["biweekly", 6],
      ["weekly", 1.5],
      ["adhoc", 1],
    ] as const);
    if (variant === "adhoc") {
      const times = [this.rng.int(38, 44), this.rng.int(24, 30), this.rng.int(10, 16)].map((d) => -d);
      times.push(this.rng.int(3, 13));
      const events = times.map((offset) => this.single(this.day(offset)));
      return {
        events,
        why: `ad-hoc 1:1s every ~2 weeks (no series) organized by the ${this.role()}: ${this.dates(events)}`,
      };
    }
    const weekly = variant === "weekly";
    const start = this.day(-this.rng.int(weekly ? 10 : 20, 220));
    const range = this.rng.weighted<RangeSpec>([
      [{ type: "noEnd" }, 7],
      [{ type: "endDate", endDate: this.day(this.rng.int(90, 300)).toISODate()! }, 1.5],
      [{ type: "numbered", numberOfOccurrences: 60 }, 1.5],
    ]);
    const spec = this.series(start, { interval: weekly ? 1 : 2, range });
    const notes: string[] = [];
    if (this.rng.chance(0.25)) {
      const occurrences = this.originals(spec).filter((o) => o > this.day(-28) && o < this.day(10));
      const original = occurrences.length > 0 ? this.rng.pick(occurrences) : undefined;
      if (original) {
        const to = this.rng.chance(0.5) ? original.plus({ days: 1 }) : original.plus({ hours: 2 });
        spec.moves = [{ original, to }];
        notes.push(`occurrence of ${original.toISODate()} moved to ${to.toFormat("yyyy-MM-dd HH:mm")}`);
      }
    }
    if (this.rng.chance(0.12)) {
      const old = this.originals(spec).filter((o) => o < this.day(-40) && o > this.day(-80));
      if (old.length > 0) {
        const date = this.rng.pick(old).toISODate()!;
        spec.cancelledDates = [date];
        notes.push(`occurrence of ${date} cancelled`);
      }
    }
    return this.seriesPlant(spec, weekly ? "weekly" : "bi-weekly", notes);
  }

  belowTarget(): Plant {
    const variant = this.rng.weighted([
      ["relativeMonthly", 2],
      ["absoluteMonthly", 1],
      ["fourWeekly", 1],
      ["oneAdhoc", 2],
      ["seriesEnded", 2],
      ["nextTooFar", 1],
    ] as const);
    switch (variant) {
      case "relativeMonthly": {
        const index = this.rng.pick<WeekIndex>(["first", "second", "third", "fourth", "last"]);
        const weekday = this.rng.pick(this.organizer.workingHours.days);
        const month = this.localNow()
          .startOf("month")
          .minus({ months: this.rng.int(3, 8) });
        const pattern = { daysOfWeek: [weekday] as [typeof weekday], index };
        const first = nthWeekday(month, pattern);
        const spec = this.series(first, {
          recurrence: { type: "relativeMonthly", interval: 1, ...pattern, range: { type: "noEnd" } },
        });
        return this.seriesPlant(spec, `monthly (${index} ${weekday})`, []);
      }
      case "absoluteMonthly": {
        const dayOfMonth = this.rng.int(1, 28);
        const month = this.localNow()
          .startOf("month")
          .minus({ months: this.rng.int(3, 8) });
        const spec = this.series(month.set({ day: dayOfMonth }), {
          recurrence: { type: "absoluteMonthly", interval: 1, dayOfMonth, range: { type: "noEnd" } },
        });
        return this.seriesPlant(spec, `monthly (day ${dayOfMonth})`, []);
      }
      case "fourWeekly":
        return this.seriesPlant(
          this.series(this.day(-this.rng.int(40, 200)), { interval: 4 }),
          "4-weekly",
          [],
        );
      case "oneAdhoc": {
        const events = [this.single(this.day(-this.rng.int(4, 27)))];
        if (this.rng.chance(0.4)) events.unshift(this.single(this.day(-this.rng.int(45, 80))));
        return { events, why: `ad-hoc 1:1 only, nothing booked next: ${this.dates(events)}` };
      }
      case "seriesEnded": {
        const last = this.day(-this.rng.int(4, 10));
        const start = last.minus({ weeks: 2 * this.rng.int(3, 12) });
        const spec = this.series(start, {
          interval: 2,
          range: { type: "endDate", endDate: last.toISODate()! },
        });
        return this.seriesPlant(spec, "bi-weekly", ["ended last week, nothing booked next"]);
      }
      case "nextTooFar": {
        const events = [
          this.single(this.day(-this.rng.int(5, 20))),
          this.single(this.day(this.rng.int(21, 32))),
        ];
        return { events, why: `ad-hoc 1:1s, the next one more than 17 days out: ${this.dates(events)}` };
      }
    }
  }

  scheduled(): Plant {
    const variant = this.rng.weighted([
      ["newSeries", 3],
      ["newWeekly", 1],
      ["newSingle", 1.5],
      ["restart", 1.5],
    ] as const);
    const created = this.createdAgo(3, 26);
    if (variant === "newSingle") {
      const events = [this.single(this.day(this.rng.int(3, 31)), created)];
      return { events, why: `first 1:1 booked ${this.dates(events)}, created ${created.toISODate()}` };
    }
    const weekly = variant === "newWeekly";
    const spec = this.series(this.day(this.rng.int(3, weekly ? 12 : 30)), {
      interval: weekly ? 1 : 2,
      created,
    });
    const plant = this.seriesPlant(spec, weekly ? "new weekly" : "new bi-weekly", [
      `created ${created.toISODate()}, first occurrence in the future`,
    ]);
    if (variant === "restart") {
      const old = this.single(this.day(-this.rng.int(45, 80)));
      plant.events.unshift(old);
      plant.why += `; an older ad-hoc 1:1 held ${this.dates([old])}`;
    }
    return plant;
  }

  lapsed(): Plant {
    const variant = this.rng.weighted([
      ["endedLongAgo", 3],
      ["recentCancelled", 2],
      ["allCancelled", 1],
      ["reportDeclined", 2],
      ["oldAdhoc", 1.5],
    ] as const);
    switch (variant) {
      case "endedLongAgo": {
        const last = this.day(-this.rng.int(40, 80));
        const start = last.minus({ weeks: 2 * this.rng.int(4, 15) });
        const spec = this.series(start, {
          interval: 2,
          range: { type: "endDate", endDate: last.toISODate()! },
        });
        return this.seriesPlant(spec, "bi-weekly", [`ended ${last.toISODate()}`]);
      }
      case "recentCancelled":
      case "allCancelled": {
        const from = variant === "allCancelled" ? this.day(-100) : this.day(-this.rng.int(36, 60));
        const spec = this.series(this.day(-this.rng.int(130, 300)), { interval: 2 });
        const to = this.day(PLANT_POLICY.lookaheadDays + 30);
        spec.cancelledDates = this.originals(spec)
          .filter((o) => o >= from && o <= to)
          .map((o) => o.toISODate()!);
        return this.seriesPlant(spec, "bi-weekly", [
          `every occurrence from ${from.toISODate()} to ${to.toISODate()} cancelled`,
        ]);
      }
      case "reportDeclined": {
        this.organizer = this.manager;
        this.other = this.report;
        const spec = this.series(this.day(-this.rng.int(60, 250)), { interval: 2 });
        spec.responses = { [this.report.upn]: "declined" };
        return this.seriesPlant(spec, "bi-weekly", ["declined by the report (whole series)"]);
      }
      case "oldAdhoc": {
        const events = Array.from({ length: this.rng.int(1, 3) }, (_, i) =>
          this.single(this.day(-this.rng.int(40 + 15 * i, 52 + 15 * i))),
        );
        return { events, why: `ad-hoc 1:1s held before the floor only: ${this.dates(events)}` };
      }
    }
  }

  missing(): Plant {
    const third = this.thirdPerson();
    const variant = this.rng.weighted([
      ["nothing", 4],
      ["groupOnly", third ? 2 : 0],
      ["managerDeclined", 1.5],
      ["beforeLookback", 1.5],
      ["allDay", 1],
      ["cancelledEvent", 1],
    ] as const);
    switch (variant) {
      case "nothing":
        return { events: [], why: "no meeting of the pair at all (team meetings and all-hands only)" };
      case "groupOnly": {
        const spec = this.series(this.day(-this.rng.int(20, 150)), { interval: 2 });
        spec.invitees.push({ person: third!, type: "required" });
        spec.subject = `${this.manager.displayName} / ${this.report.displayName} / ${third!.displayName}`;
        const plant = this.seriesPlant(spec, "bi-weekly 3-person", []);
        plant.why = `only a group meeting with ${third!.upn}: ${plant.why.replace(/; none held; none booked/, "")}`;
        return plant;
      }
      case "managerDeclined": {
        this.organizer = this.report;
        this.other = this.manager;
        const offset = this.rng.chance(0.5) ? -this.rng.int(4, 27) : this.rng.int(4, 30);
        const event = this.single(this.day(offset), this.createdAgo(3, 26), {
          [this.manager.upn]: "declined",
        });
        return {
          events: [event],
          why: `one 1:1 by the report, declined by the manager: ${this.dates([event])}`,
        };
      }
      case "beforeLookback": {
        const events = [this.single(this.day(-this.rng.int(95, 200)))];
        return { events, why: `last 1:1 before the 90-day lookback: ${this.dates(events)}` };
      }
      case "allDay": {
        const days = [this.day(-this.rng.int(4, 25)), this.day(this.rng.int(4, 15))];
        const events = days.map((day) =>
          planEvent(
            {
              ...this.baseSpec(day),
              subject: `Offsite day: ${this.manager.displayName} & ${this.report.displayName}`,
              allDayDays: 1,
              online: false,
            },
            this.pair(),
            this.ctx.until,
          ),
        );
        return {
          events,
          why: `only all-day events of the pair: ${days.map((d) => d.toISODate()).join(", ")}`,
        };
      }
      case "cancelledEvent": {
        const spec = this.baseSpec(
          this.day(this.rng.chance(0.5) ? -this.rng.int(4, 27) : this.rng.int(4, 30)),
        );
        spec.isCancelled = true;
        spec.created = this.createdBefore(spec.start);
        const event = planEvent(spec, this.pair(), this.ctx.until);
        return { events: [event], why: `one 1:1 that was cancelled: ${spec.start.toISODate()}` };
      }
    }
  }

  // ---- building blocks ----

  private pair() {
    return { manager: this.manager, report: this.report };
  }

  private role(): string {
    return this.organizer === this.manager ? "manager" : "report";
  }

  private localNow(): DateTime {
    return localDay(this.ctx.now, this.organizer.site.timeZone);
  }

  /** A working day of the organizer, `offset` days from today (moved later to the next working day). */
  private day(offset: number): DateTime {
    let day = localDayMillis(this.ctx.now, this.organizer.site.timeZone, offset);
    while (!this.organizer.workingHours.days.includes(weekdayOf(day))) day += 86_400_000;
    return DateTime.fromMillis(day, { zone: "utc" });
  }

  private time(minutes: number): string {
    const wh = this.organizer.workingHours;
    const toMin = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
    const slots: string[] = [];
    for (let t = toMin(wh.start); t + minutes <= toMin(wh.end); t += 30) {
      slots.push(`${String(Math.floor(t / 60)).padStart(2, "0")}:${String(t % 60).padStart(2, "0")}`);
    }
    return this.rng.pick(slots);
  }

  private createdAgo(minDays: number, maxDays: number): DateTime {
    return this.ctx.now.minus({ days: this.rng.int(minDays, maxDays), minutes: this.rng.int(0, 600) });
  }

  private invitees(): Invitee[] {
    const list: Invitee[] = [{ person: this.other, type: this.rng.chance(0.15) ? "optional" : "required" }];
    if (this.rng.chance(0.15)) {
      const room = this.rng.pick(ROOMS);
      list.push({
        address: `${room}@${this.ctx.roomDomain}`,
        name: room.replace("room.", "Room "),
        type: "resource",
      });
    }
    return list;
  }

  private baseSpec(day: DateTime): EventSpec {
    const minutes = this.rng.weighted([
      [30, 6],
      [25, 1],
      [45, 1],
      [60, 1],
    ] as const);
    return {
      organizer: this.organizer,
      mailboxBy: this.rng.chance(0.5) ? "id" : "upn",
      subject: this.rng.pick([
        `1:1 ${this.manager.displayName} / ${this.report.displayName}`,
        "1:1",
        `${this.report.displayName} <> ${this.manager.displayName}`,
        "Catch-up",
      ]),
      invitees: this.invitees(),
      start: atTime(day, this.time(minutes)),
      minutes,
      online: this.rng.chance(0.7),
    };
  }

  private single(day: DateTime, created?: DateTime, responses?: EventSpec["responses"]): PlannedEvent {
    const spec = this.baseSpec(day);
    spec.created = created ?? this.createdBefore(spec.start);
    if (responses) spec.responses = responses;
    return planEvent(spec, this.pair(), this.ctx.until);
  }

  private createdBefore(start: DateTime): DateTime {
    const created = instantDateTime(this.organizer.site.timeZone, start).minus({
      days: this.rng.int(1, 20),
      minutes: this.rng.int(0, 600),
    });
    const latest = this.ctx.now.minus({ hours: 1 });
    return DateTime.min(created, latest);
  }

  private series(
    start: DateTime,
    opts: { interval?: number; range?: RangeSpec; created?: DateTime; recurrence?: RecurrenceSpec },
  ): EventSpec {
    const spec = this.baseSpec(start);
    spec.recurrence = opts.recurrence ?? {
      type: "weekly",
      interval: opts.interval ?? 2,
      daysOfWeek: [weekdayOf(start)],
      firstDayOfWeek: this.organizer.site.continent === "North America" ? "sunday" : "monday",
      range: opts.range ?? { type: "noEnd" },
    };
    spec.created = opts.created ?? this.createdBefore(spec.start);
    return spec;
  }

  private originals(spec: EventSpec): DateTime[] {
    return originalStarts(spec, this.ctx.until).map((ms) => DateTime.fromMillis(ms, { zone: "utc" }));
  }

  private seriesPlant(spec: EventSpec, cadence: string, notes: string[]): Plant {
    const event = planEvent(spec, this.pair(), this.ctx.until);
    const zone = this.organizer.site.timeZone;
    const now = this.ctx.now.toMillis();
    const counted = event.occurrences.filter((o) => o.counts);
    const last = counted.filter((o) => o.start < now).at(-1);
    const next = counted.find((o) => o.start > now);
    const originals = originalStarts(spec, this.ctx.until);
    const offset = (local: number) => instantOf(zone, local) - local;
    const crossesDst = originals.length > 1 && offset(originals[0]!) !== offset(originals.at(-1)!);
    const parts = [
      `${cadence} series organized by the ${this.role()} from ${spec.start.toISODate()}, ${spec.start.toFormat(spec.recurrence?.type === "weekly" ? "cccc HH:mm" : "HH:mm")} ${zone}`,
      ...notes,
      last ? `last held ${floatingDate(last.local)}` : "none held",
      next ? `next ${floatingDate(next.local)}` : "none booked",
    ];
    if (crossesDst) parts.push("crosses a DST change");
    return { events: [event], why: parts.join("; ") };
  }

  private dates(events: PlannedEvent[]): string {
    return events
      .flatMap((e) => e.occurrences)
      .map((o) => floatingDate(o.local))
      .join(", ");
  }

  /** Someone who makes a meeting of the pair a group meeting: a peer of the report. */
  private thirdPerson(): Person | undefined {
    const peers = this.manager.directs.filter((p) => p !== this.report && p.accountEnabled && p.hasMailbox);
    return peers.length > 0 ? this.rng.pick(peers) : undefined;
  }
}
