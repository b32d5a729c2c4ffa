// The calendar store's change listener (what notifications are made from) and the calendar toucher, on the
// calendar tests' small tenant, without HTTP.
import { describe, expect, it } from "vitest";
import type { CalendarChange } from "../../../../dev/sim/calendar/calendarStore.js";
import { CalendarToucher } from "../../../../dev/sim/subscriptions/calendarToucher.js";
import { calendarTouchSchema } from "../../../../dev/sim/subscriptions/subscriptionSchemas.js";
import { validationUrl } from "../../../../dev/sim/subscriptions/validationHandshake.js";
import { allEvents, ROB } from "../calendar/calendarFixture.js";
import { simulator } from "../calendar/calendarTestKit.js";

const meeting = {
  subject: "Sync",
  start: { dateTime: "2026-12-02T10:00:00", timeZone: "Europe/Rome" },
  end: { dateTime: "2026-12-02T10:30:00", timeZone: "Europe/Rome" },
  attendees: [{ type: "required" as const, emailAddress: { address: ROB } }],
};

function recording() {
  const sim = simulator(allEvents);
  const changes: Omit<CalendarChange, "view">[] = [];
  const stop = sim.store.onChange(({ view: _view, ...change }) => changes.push(change));
  return { sim, changes, stop };
}

describe("CalendarStore.onChange", () => {
  it("reports a new meeting as created in the organizer's and each attendee's mailbox, with each copy's id", () => {
    const { sim, changes } = recording();
    const { instance } = sim.store.create("mara", meeting);
    expect(changes).toHaveLength(2);
    expect(changes[0]).toEqual({ mailbox: "mara", eventId: instance.view.copy.id, changeType: "created" });
    expect(changes[1]).toMatchObject({ mailbox: "rob", changeType: "created" });
    expect(changes[1]?.eventId).not.toBe(instance.view.copy.id);
  });

  it("reports an organizer's edit as updated in every copy, and an attendee's answer too", () => {
    const { sim, changes } = recording();
    const { instance } = sim.store.create("mara", meeting);
    const robCopy = sim.store.listEvents("rob").find((e) => e.view.def.subject === "Sync")!.view.copy.id;
    changes.length = 0;
    sim.store.update("mara", instance.view.copy.id, { subject: "Sync (moved)" });
    expect(changes.map((c) => [c.mailbox, c.changeType])).toEqual([
      ["mara", "updated"],
      ["rob", "updated"],
    ]);
    changes.length = 0;
    sim.store.respond("rob", robCopy, "declined", true);
    expect(changes.every((c) => c.changeType === "updated")).toBe(true);
    expect(changes.map((c) => c.mailbox).sort()).toEqual(["mara", "rob", "rob"]);
  });

  it("reports deletion from a mailbox as deleted, and a re-invitation as created again", () => {
    const { sim, changes } = recording();
    const { instance } = sim.store.create("mara", meeting);
    const robCopy = sim.store.listEvents("rob").find((e) => e.view.def.subject === "Sync")!.view.copy.id;
    changes.length = 0;
    sim.store.delete("rob", robCopy);
    expect(changes).toEqual([{ mailbox: "rob", eventId: robCopy, changeType: "deleted" }]);
    changes.length = 0;
    sim.store.update("mara", instance.view.copy.id, { attendees: [] });
    sim.store.update("mara", instance.view.copy.id, { attendees: meeting.attendees });
    expect(changes.filter((c) => c.mailbox === "rob").map((c) => c.changeType)).toContain("created");
  });

  it("reports an organizer's cancellation as deleted for the organizer and updated for attendees", () => {
    const { sim, changes } = recording();
    const { instance } = sim.store.create("mara", meeting);
    changes.length = 0;
    sim.store.cancel("mara", instance.view.copy.id);
    expect(changes.map((c) => [c.mailbox, c.changeType])).toEqual([
      ["mara", "deleted"],
      ["mara", "updated"],
      ["rob", "updated"],
    ]);
  });

  it("stops calling a listener once it is removed, and survives a listener that throws", () => {
    const { sim, changes, stop } = recording();
    sim.store.onChange(() => {
      throw new Error("listener bug");
    });
    stop();
    expect(() => sim.store.create("mara", meeting)).not.toThrow();
    expect(changes).toEqual([]);
  });
});

describe("CalendarToucher", () => {
  it("moves the next occurrence of an organized series, renames a single event, recategorizes an attendee copy", () => {
    const { sim, changes } = recording();
    const toucher = new CalendarToucher(sim.store);
    const mara = toucher.touch("mara@contoso.example", 10);
    const kinds = mara.touched.map((t) => t.change);
    expect(mara.mailbox).toBe("mara");
    expect(kinds).toContain("moved");
    expect(kinds).toContain("renamed");
    const moved = mara.touched.find((t) => t.change === "moved")!;
    const occurrence = sim.store.getEvent("mara", moved.eventId).occurrence!;
    // The clock is 2026-11-25: the next fortnightly Tuesday occurrence is 2026-12-08, now half an hour later.
    expect(occurrence.originalDate).toBe("2026-12-08");
    expect(occurrence.start.getTime() - occurrence.originalStart.getTime()).toBe(30 * 60_000);
    expect(changes.filter((c) => c.mailbox === "mara").length).toBeGreaterThanOrEqual(mara.touched.length);

    const rob = toucher.touch("rob", 1);
    expect(rob.touched).toHaveLength(1);
    // Rob's earliest event is his copy of Mara's series: as an attendee he can only change his own categories.
    const robEvent = sim.store.listEvents("rob").find((e) => e.view.copy.id === rob.touched[0]?.eventId)!;
    expect(robEvent.view.copy.isOrganizer).toBe(false);
    expect(rob.touched[0]?.change).toBe("recategorized");
    expect(robEvent.view.state.categories).toContain("Touched");
  });

  it("spreads repeated touches over the calendar and touches at most what the mailbox has", () => {
    const { sim } = recording();
    const toucher = new CalendarToucher(sim.store);
    const total = sim.store.listEvents("mara").length;
    const first = toucher.touch("mara", 1).touched[0]?.eventId;
    const second = toucher.touch("mara", 1).touched[0]?.eventId;
    expect(second).not.toBe(first);
    expect(toucher.touch("mara", total + 5).touched).toHaveLength(total);
  });
});

describe("edges", () => {
  it("validates the touch command", () => {
    expect(calendarTouchSchema.safeParse({ mailbox: "mara" }).success).toBe(true);
    expect(calendarTouchSchema.safeParse({ mailbox: "mara", count: 3 }).success).toBe(true);
    expect(calendarTouchSchema.safeParse({ mailbox: "" }).success).toBe(false);
    expect(calendarTouchSchema.safeParse({ mailbox: "mara", count: 1.5 }).success).toBe(false);
    expect(calendarTouchSchema.safeParse({ mailbox: "mara", extra: true }).success).toBe(false);
  });

  it("form-encodes the validation token as Graph does and keeps the notificationUrl's own query", () => {
    const token = "Validation: Testing client application reachability for subscription Request-Id: 1-2";
    const url = validationUrl("http://127.0.0.1:7071/api/notify?code=k", token);
    expect(url).toBe(
      "http://127.0.0.1:7071/api/notify?code=k&validationToken=Validation%3a+Testing+client+application+reachability+for+subscription+Request-Id%3a+1-2",
    );
    expect(new URL(url).searchParams.get("validationToken")).toBe(token);
  });
});
