import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { findSlots } from "../../../../shared/domain/scheduling/findSlots.js";
import type {
  BusyItem,
  PersonAvailability,
  Slot,
  SlotRequest,
  Weekday,
} from "../../../../shared/domain/scheduling/slotTypes.js";
import { slotViolations } from "./slotRules.js";

const MON_FRI: Weekday[] = ["monday", "tuesday", "wednesday", "thursday", "friday"];
const person = (
  timeZone: string,
  startTime: string,
  endTime: string,
  busy: BusyItem[] = [],
): PersonAvailability => ({
  timeZone,
  workingHours: { daysOfWeek: MON_FRI, startTime, endTime, timeZone },
  busy,
});
const keys = (slots: Slot[]) => slots.map((s) => `${s.weekday} ${s.localTime}`).sort();
const local = (instant: Date, zone: string) => DateTime.fromJSDate(instant, { zone }).toFormat("ccc HH:mm");

function slotsOf(request: SlotRequest): Slot[] {
  const result = findSlots(request);
  if (!result.ok) throw new Error(result.reason);
  for (const slot of result.slots) expect(slotViolations(request, slot)).toEqual([]);
  return result.slots;
}

describe("findSlots", () => {
  it("Rome–New York: a slot whose middle occurrence falls in the 5-hour fortnight keeps the report's hours", () => {
    // US clocks move on 2027-03-14, Rome's on 03-28: Rome 17:00 is New York 11:00 before, 12:00 between.
    const request: SlotRequest = {
      now: new Date("2027-03-08T08:00:00Z"),
      manager: person("Europe/Rome", "09:00", "18:00"),
      report: person("Eastern Standard Time", "09:00", "12:00"),
      limit: 100,
    };
    const slots = slotsOf(request);
    const times = new Set(slots.map((s) => s.localTime));
    // A fixed 6-hour difference would also allow 17:00 and 17:30 (New York 11:00, 11:30).
    expect([...times].sort()).toEqual(["15:00", "15:30", "16:00", "16:30"]);
    const latest = slots.find((s) => s.localTime === "16:30" && s.weekday === "tuesday")!;
    // Whichever Tuesday it starts on, one occurrence falls in the fortnight.
    expect(latest.occurrences.map((o) => local(o.start, "America/New_York")).sort()).toEqual([
      "Tue 10:30",
      "Tue 10:30",
      "Tue 11:30",
    ]);
  });

  it("Tokyo Tuesday 09:00 is Los Angeles Monday 16:00", () => {
    const request: SlotRequest = {
      now: new Date("2027-01-04T00:00:00Z"),
      manager: person("Tokyo Standard Time", "09:00", "18:00"),
      report: person("America/Los_Angeles", "08:00", "17:00"),
      limit: 100,
    };
    const slots = slotsOf(request);
    expect(keys(slots)).toEqual(
      ["friday", "thursday", "tuesday", "wednesday"].flatMap((d) => [`${d} 09:00`, `${d} 09:30`]),
    );
    const tuesday = slots.find((s) => s.weekday === "tuesday" && s.localTime === "09:00")!;
    expect(local(tuesday.start, "America/Los_Angeles")).toBe("Mon 16:00");
  });

  it("India and Nepal: a quarter-hour offset leaves 10:00–16:00 India time", () => {
    const request: SlotRequest = {
      now: new Date("2027-02-01T00:00:00Z"),
      manager: person("India Standard Time", "09:30", "18:30"),
      report: person("Asia/Kathmandu", "10:00", "17:00"),
      limit: 100,
    };
    const slots = slotsOf(request);
    const times = [...new Set(slots.map((s) => s.localTime))].sort();
    expect(times[0]).toBe("10:00"); // 09:30 India is 09:45 Kathmandu
    expect(times.at(-1)).toBe("16:00"); // 16:30 India ends 17:15 Kathmandu
    expect(local(slots[0]!.start, "Asia/Kathmandu")).toMatch(/:(15|45)$/);
  });

  it("proposes Friday 16:30 when it is the only valid time, though it is in both people's last hour", () => {
    const now = new Date("2027-05-03T06:00:00Z");
    const busy: BusyItem[] = [];
    for (
      let day = DateTime.fromJSDate(now, { zone: "Europe/Rome" }).startOf("day");
      day.year < 2028 && busy.length < 60;
    ) {
      const blockUntil = day.weekday === 5 ? day.set({ hour: 16, minute: 30 }) : day.plus({ days: 1 });
      busy.push({ start: day.toJSDate(), end: blockUntil.toJSDate(), status: "busy" });
      day = day.plus({ days: 1 });
    }
    const slots = slotsOf({
      now,
      manager: person("Europe/Rome", "09:00", "17:00", busy),
      report: person("Europe/Berlin", "09:00", "17:00"),
    });
    expect(slots.map((s) => `${s.weekday} ${s.localTime}`)).toEqual(["friday 16:30"]);
  });

  it("prefers the middle of the shared hours over their edges and over lunch", () => {
    const slots = slotsOf({
      now: new Date("2027-05-03T06:00:00Z"),
      manager: person("Europe/Rome", "09:00", "17:00"),
      report: person("Europe/Rome", "09:00", "17:00"),
      limit: 100,
    });
    const best = slots[0]!;
    expect(["10:00", "10:30", "11:00", "11:30", "13:00", "13:30", "14:00", "14:30", "15:00"]).toContain(
      best.localTime,
    );
    const score = (time: string) => slots.find((s) => s.localTime === time)!.score;
    expect(score("12:00")).toBeLessThan(score("11:00"));
    expect(score("09:00")).toBeLessThan(score("11:00"));
    expect(score("16:30")).toBeLessThan(score("15:00"));
    // The three best are on three different weekdays.
    const top = findSlots({
      now: new Date("2027-05-03T06:00:00Z"),
      manager: person("Europe/Rome", "09:00", "17:00"),
      report: person("Europe/Rome", "09:00", "17:00"),
    });
    expect(top.ok && new Set(top.slots.map((s) => s.weekday)).size).toBe(3);
  });

  it("gives a manager's five reports five slots that never collide", () => {
    const now = new Date("2027-03-01T07:00:00Z");
    const manager = person("America/New_York", "09:00", "17:00");
    const reports = ["Europe/London", "America/Chicago", "Pacific Standard Time", "America/Sao_Paulo", "UTC"];
    const taken: Slot[] = [];
    for (const zone of reports) {
      const request: SlotRequest = {
        now,
        manager,
        report: person(zone, "09:00", "17:00"),
        taken: [...taken],
      };
      taken.push(slotsOf(request)[0]!);
    }
    expect(taken).toHaveLength(5);
    const all = taken.flatMap((s) => s.occurrences);
    for (const [i, a] of all.entries())
      for (const b of all.slice(i + 1)) expect(a.start < b.end && b.start < a.end).toBe(false);
  });

  it("lets alternating weeks share a weekly time, then says the manager's other proposals leave nothing", () => {
    const now = new Date("2027-05-01T12:00:00Z");
    const mondayNine = (zone: string): PersonAvailability => ({
      timeZone: zone,
      workingHours: { daysOfWeek: ["monday"], startTime: "09:00", endTime: "09:30", timeZone: zone },
      busy: [],
    });
    const request: SlotRequest = {
      now,
      manager: mondayNine("Europe/Rome"),
      report: mondayNine("Europe/Paris"),
    };
    const [first] = slotsOf(request);
    const [second] = slotsOf({ ...request, taken: [first!] });
    expect(second!.localTime).toBe(first!.localTime);
    expect(Math.abs(second!.start.getTime() - first!.start.getTime())).toBe(7 * 86_400_000);
    const third = findSlots({ ...request, taken: [first!, second!] });
    expect(third).toMatchObject({ ok: false, code: "SLOT.NONE_FOUND" });
    expect(!third.ok && third.reason).toMatch(/collides with this manager's other proposals/);
  });

  it("does not propose a wall-clock time the manager's clocks skip", () => {
    // Sunday 2027-03-14 02:00–03:00 does not exist in New York.
    const sunday = (zone: string): PersonAvailability => ({
      timeZone: zone,
      workingHours: { daysOfWeek: ["sunday"], startTime: "01:00", endTime: "04:00", timeZone: zone },
      busy: [],
    });
    const request: SlotRequest = {
      now: new Date("2027-03-12T12:00:00Z"),
      manager: sunday("America/New_York"),
      report: sunday("America/New_York"),
      horizonDays: 5,
      limit: 100,
    };
    expect(keys(slotsOf(request))).toEqual(["sunday 01:00", "sunday 01:30", "sunday 03:00", "sunday 03:30"]);
  });

  it("keeps the minimum notice and the 14-day horizon to the minute", () => {
    // Monday 2027-05-03 09:10 Rome: Tuesday 09:00 is 23 h 50 min away, 09:30 is 24 h 20 min.
    const now = new Date("2027-05-03T07:10:00Z");
    // Monday 2027-05-10 is busy, so Monday's only candidates are two weeks on.
    const busyMonday: BusyItem = {
      start: new Date("2027-05-10T07:00:00Z"),
      end: new Date("2027-05-10T08:00:00Z"),
      status: "busy",
    };
    const slots = slotsOf({
      now,
      manager: person("Europe/Rome", "09:00", "10:00", [busyMonday]),
      report: person("Europe/Rome", "09:00", "10:00"),
      limit: 100,
    });
    const starts = (key: string) =>
      slots.filter((s) => `${s.weekday} ${s.localTime}` === key).map((s) => s.start.toISOString());
    expect(starts("tuesday 09:00")).toEqual(["2027-05-11T07:00:00.000Z"]);
    expect(starts("tuesday 09:30")).toEqual(["2027-05-04T07:30:00.000Z"]);
    // Monday 09:00 two weeks on is 13 d 23 h 50 min away; Monday 09:30 would be 14 d 0 h 20 min.
    expect(starts("monday 09:00")).toEqual(["2027-05-17T07:00:00.000Z"]);
    expect(starts("monday 09:30")).toEqual([]);
  });

  it("says in words which zones and hours leave no time", () => {
    // After 2027-03-14 Tokyo's 09:00–18:00 and Los Angeles's 08:00–17:00 no longer touch.
    const result = findSlots({
      now: new Date("2027-03-15T00:00:00Z"),
      manager: person("Asia/Tokyo", "09:00", "18:00"),
      report: person("Pacific Standard Time", "08:00", "17:00"),
    });
    expect(result).toMatchObject({ ok: false, code: "SLOT.NONE_FOUND" });
    expect(!result.ok && result.reason).toMatch(
      /^no 30-minute time is inside 09:00–18:00 Asia\/Tokyo and 08:00–17:00 America\/Los_Angeles on all of the first three occurrences/,
    );
  });

  it("says when busy items, not hours, leave no time", () => {
    const now = new Date("2027-05-03T06:00:00Z");
    const allDay: BusyItem = { start: now, end: new Date("2027-07-01T00:00:00Z"), status: "oof" };
    const result = findSlots({
      now,
      manager: person("Europe/Rome", "09:00", "17:00"),
      report: { ...person("Europe/Rome", "09:00", "17:00", [allDay]) },
    });
    expect(!result.ok && result.reason).toMatch(
      /^every 30-minute time inside 09:00–17:00 Europe\/Rome and 09:00–17:00 Europe\/Rome .* overlaps a busy, tentative or out-of-office item/,
    );
  });

  it("lets free, workingElsewhere and unknown items through", () => {
    const now = new Date("2027-05-03T06:00:00Z");
    const until = new Date("2027-07-01T00:00:00Z");
    const items: BusyItem[] = (["free", "workingElsewhere", "unknown"] as const).map((status) => ({
      start: now,
      end: until,
      status,
    }));
    expect(
      findSlots({
        now,
        manager: person("UTC", "09:00", "17:00", items),
        report: person("UTC", "09:00", "17:00"),
      }).ok,
    ).toBe(true);
  });
});
