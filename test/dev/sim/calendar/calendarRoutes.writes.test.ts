import { describe, expect, it } from "vitest";
import { allEvents, MARA, oneOnOneSeries, ROB } from "./calendarFixture.js";
import { call, type Ev, READ_BASIC, type Sim, simulator } from "./calendarTestKit.js";

const series1on1 = {
  subject: "Mara / Rob 1:1",
  start: { dateTime: "2026-12-01T10:00:00", timeZone: "Europe/Rome" },
  end: { dateTime: "2026-12-01T10:30:00", timeZone: "Europe/Rome" },
  attendees: [{ type: "required", emailAddress: { address: ROB, name: "Rob" } }],
  recurrence: {
    pattern: { type: "weekly", interval: 2, daysOfWeek: ["tuesday"], firstDayOfWeek: "monday" },
    range: { type: "noEnd", startDate: "2026-12-01" },
  },
  isOnlineMeeting: true,
  onlineMeetingProvider: "teamsForBusiness",
  transactionId: "cadence-mara-rob-1",
};

async function eventsOf(sim: Sim, user: string): Promise<Ev[]> {
  return (await call(sim, "GET", `/users/${user}/events`, { query: { $top: "100" } })).body.value as Ev[];
}

async function viewOf(sim: Sim, user: string, start: string, end: string): Promise<Ev[]> {
  const res = await call(sim, "GET", `/users/${user}/calendarView`, {
    query: { startDateTime: start, endDateTime: end, $top: "100" },
  });
  return res.body.value as Ev[];
}

describe("POST events", () => {
  it("creates the organizer's series and a notResponded copy for the attendee, with a Teams join URL", async () => {
    const sim = simulator([]);
    const res = await call(sim, "POST", "/users/mara/events", { body: series1on1 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      type: "seriesMaster",
      isOrganizer: true,
      isOnlineMeeting: true,
      onlineMeetingProvider: "teamsForBusiness",
      transactionId: "cadence-mara-rob-1",
      createdDateTime: "2026-11-25T09:00:00.000Z",
      organizer: { emailAddress: { address: MARA } },
    });
    expect((res.body.onlineMeeting as Ev).joinUrl).toMatch(
      /^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//,
    );
    const [robCopy] = await eventsOf(sim, "rob");
    expect(robCopy).toMatchObject({
      type: "seriesMaster",
      isOrganizer: false,
      iCalUId: res.body.iCalUId,
      responseStatus: { response: "notResponded" },
      onlineMeeting: res.body.onlineMeeting,
    });
    expect(robCopy!.id).not.toBe(res.body.id);
    const occurrences = await viewOf(sim, "rob", "2026-12-01T00:00:00Z", "2026-12-31T00:00:00Z");
    expect(occurrences.map((e) => e.start.dateTime)).toEqual([
      "2026-12-01T09:00:00.0000000",
      "2026-12-15T09:00:00.0000000",
      "2026-12-29T09:00:00.0000000",
    ]);
  });

  it("answers a repeated create with the same transactionId with the event it made (201), a different one with 400", async () => {
    const sim = simulator([]);
    const first = await call(sim, "POST", "/users/mara/events", { body: series1on1 });
    const again = await call(sim, "POST", "/users/mara/events", { body: { ...series1on1 } });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.subject).toBe("Mara / Rob 1:1");
    const changed = await call(sim, "POST", "/users/mara/events", {
      body: { ...series1on1, subject: "changed" },
    });
    expect(changed.status).toBe(400);
    expect(changed.body).toMatchObject({ error: { code: "ErrorDuplicateTransactionId" } });
    expect(await eventsOf(sim, "mara")).toHaveLength(1);
    expect(await eventsOf(sim, "rob")).toHaveLength(1);
    // Another organizer's identical transactionId is a different event.
    const robs = await call(sim, "POST", "/users/rob/events", {
      body: { ...series1on1, attendees: [{ emailAddress: { address: MARA } }] },
    });
    expect(robs.body.id).not.toBe(first.body.id);
  });

  it("rejects an invalid recurrence and an unknown time zone with 400", async () => {
    const sim = simulator([]);
    const badRecurrence = await call(sim, "POST", "/users/mara/events", {
      body: {
        ...series1on1,
        recurrence: {
          ...series1on1.recurrence,
          pattern: { type: "weekly", interval: 0, daysOfWeek: ["tuesday"] },
        },
      },
    });
    expect(badRecurrence.status).toBe(400);
    const badZone = await call(sim, "POST", "/users/mara/events", {
      body: {
        ...series1on1,
        recurrence: null,
        start: { dateTime: "2026-12-01T10:00:00", timeZone: "Mars/Olympus" },
      },
    });
    expect(badZone.status).toBe(400);
    const endBeforeStart = await call(sim, "POST", "/users/mara/events", {
      body: { subject: "x", start: series1on1.end, end: series1on1.start },
    });
    expect(endBeforeStart.status).toBe(400);
    expect(await eventsOf(sim, "mara")).toHaveLength(0);
  });

  it("needs Calendars.ReadWrite", async () => {
    const sim = simulator([]);
    const res = await call(sim, "POST", "/users/mara/events", { body: series1on1, roles: READ_BASIC });
    expect(res.status).toBe(403);
  });
});

describe("PATCH events", () => {
  it("carries the organizer's changes to the attendee's copy", async () => {
    const sim = simulator(allEvents);
    const master = (await eventsOf(sim, "mara")).find((e) => e.type === "seriesMaster")!;
    const res = await call(sim, "PATCH", `/users/mara/events/${master.id}`, {
      body: { subject: "1:1 (renamed)", location: { displayName: "Room 4" } },
    });
    expect(res.status).toBe(200);
    expect(res.body.subject).toBe("1:1 (renamed)");
    const robMaster = (await eventsOf(sim, "rob")).find((e) => e.type === "seriesMaster")!;
    expect(robMaster.subject).toBe("1:1 (renamed)");
    expect(robMaster.location.displayName).toBe("Room 4");
    expect(Date.parse(robMaster.lastModifiedDateTime)).toBe(sim.clock.now().getTime());
  });

  it("turns a patched occurrence into an exception for everyone", async () => {
    const sim = simulator(allEvents);
    const [occurrence] = await viewOf(sim, "mara", "2026-11-24T00:00:00Z", "2026-11-25T00:00:00Z");
    const res = await call(sim, "PATCH", `/users/mara/events/${occurrence!.id}`, {
      body: {
        start: { dateTime: "2026-11-26T12:00:00", timeZone: "Europe/Rome" },
        end: { dateTime: "2026-11-26T12:30:00", timeZone: "Europe/Rome" },
      },
    });
    expect(res.body).toMatchObject({
      id: occurrence!.id,
      type: "exception",
      originalStart: "2026-11-24T09:00:00Z",
    });
    const rob = await viewOf(sim, "rob", "2026-11-20T00:00:00Z", "2026-11-30T00:00:00Z");
    const moved = rob.find((e) => e.subject === "Mara / Rob 1:1")!;
    expect(moved).toMatchObject({ type: "exception", start: { dateTime: "2026-11-26T11:00:00.0000000" } });
  });

  it("gives a newly invited attendee a copy and cancels the copy of one who was removed", async () => {
    const users = [
      ...(await import("./calendarTestKit.js")).baseUsers,
      {
        id: "sam",
        displayName: "Sam",
        userPrincipalName: "sam@contoso.example",
        mail: "sam@contoso.example",
      },
    ];
    const sim = simulator(allEvents, users);
    const planning = (await eventsOf(sim, "mara")).find((e) => e.subject === "Planning")!;
    await call(sim, "PATCH", `/users/mara/events/${planning.id}`, {
      body: { attendees: [{ type: "required", emailAddress: { address: "sam@contoso.example" } }] },
    });
    expect((await eventsOf(sim, "sam")).map((e) => [e.subject, e.responseStatus.response])).toEqual([
      ["Planning", "notResponded"],
    ]);
    expect((await eventsOf(sim, "rob")).find((e) => e.subject === "Planning")!.isCancelled).toBe(true);
  });

  it("brings back the copy of an attendee who deleted it and is invited again", async () => {
    const sim = simulator(allEvents);
    const robPlanning = (await eventsOf(sim, "rob")).find((e) => e.subject === "Planning")!;
    await call(sim, "DELETE", `/users/rob/events/${robPlanning.id}`);
    const planning = (await eventsOf(sim, "mara")).find((e) => e.subject === "Planning")!;
    await call(sim, "PATCH", `/users/mara/events/${planning.id}`, { body: { attendees: [] } });
    await call(sim, "PATCH", `/users/mara/events/${planning.id}`, {
      body: { attendees: [{ emailAddress: { address: ROB } }] },
    });
    const back = (await eventsOf(sim, "rob")).find((e) => e.subject === "Planning")!;
    expect(back).toMatchObject({
      id: robPlanning.id,
      isCancelled: false,
      responseStatus: { response: "notResponded" },
    });
  });

  it("does not let an attendee rewrite the meeting", async () => {
    const sim = simulator(allEvents);
    const robMaster = (await eventsOf(sim, "rob")).find((e) => e.type === "seriesMaster")!;
    const res = await call(sim, "PATCH", `/users/rob/events/${robMaster.id}`, { body: { subject: "mine" } });
    expect(res.status).toBe(400);
    const ok = await call(sim, "PATCH", `/users/rob/events/${robMaster.id}`, {
      body: { categories: ["1:1"] },
    });
    expect(ok.body.categories).toEqual(["1:1"]);
  });
});

describe("DELETE and cancel", () => {
  it("organizer delete: gone from the organizer, isCancelled in the attendee's calendar", async () => {
    const sim = simulator(allEvents);
    const master = (await eventsOf(sim, "mara")).find((e) => e.type === "seriesMaster")!;
    const res = await call(sim, "DELETE", `/users/mara/events/${master.id}`);
    expect(res.status).toBe(204);
    expect((await call(sim, "GET", `/users/mara/events/${master.id}`)).status).toBe(404);
    const rob = await viewOf(sim, "rob", "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z");
    const series = rob.filter((e) => e.subject === "Mara / Rob 1:1");
    expect(series).toHaveLength(2);
    expect(series.every((e) => e.isCancelled === true)).toBe(true);
  });

  it("organizer deleting one occurrence removes it from both calendars", async () => {
    const sim = simulator(allEvents);
    const [occurrence] = await viewOf(sim, "mara", "2026-11-24T00:00:00Z", "2026-11-25T00:00:00Z");
    await call(sim, "DELETE", `/users/mara/events/${occurrence!.id}`);
    expect(await viewOf(sim, "mara", "2026-11-24T00:00:00Z", "2026-11-25T00:00:00Z")).toEqual([]);
    expect(await viewOf(sim, "rob", "2026-11-24T00:00:00Z", "2026-11-25T00:00:00Z")).toEqual([]);
    const master = (await eventsOf(sim, "mara")).find((e) => e.type === "seriesMaster")!;
    expect(master.cancelledOccurrences).toEqual(["2026-10-27", "2026-11-24"]);
  });

  it("attendee delete removes only the attendee's copy", async () => {
    const sim = simulator(allEvents);
    const robPlanning = (await eventsOf(sim, "rob")).find((e) => e.subject === "Planning")!;
    await call(sim, "DELETE", `/users/rob/events/${robPlanning.id}`);
    expect((await eventsOf(sim, "rob")).find((e) => e.subject === "Planning")).toBeUndefined();
    expect((await eventsOf(sim, "mara")).find((e) => e.subject === "Planning")!.isCancelled).toBe(false);
  });

  it("cancel is for the organizer only; it then behaves like the organizer's delete", async () => {
    const sim = simulator(allEvents);
    const robPlanning = (await eventsOf(sim, "rob")).find((e) => e.subject === "Planning")!;
    const refused = await call(sim, "POST", `/users/rob/events/${robPlanning.id}/cancel`, {
      body: { comment: "no" },
    });
    expect(refused.status).toBe(400);
    expect((refused.body.error as Ev).message).toContain("You need to be an organizer to cancel a meeting");
    const maraPlanning = (await eventsOf(sim, "mara")).find((e) => e.subject === "Planning")!;
    const ok = await call(sim, "POST", `/users/mara/events/${maraPlanning.id}/cancel`, {
      body: { comment: "sorry" },
    });
    expect(ok.status).toBe(202);
    expect((await eventsOf(sim, "rob")).find((e) => e.subject === "Planning")!.isCancelled).toBe(true);
  });
});

describe("accept / decline / tentativelyAccept", () => {
  it("records the attendee's answer in both copies", async () => {
    const sim = simulator(allEvents);
    const robPlanning = (await eventsOf(sim, "rob")).find((e) => e.subject === "Planning")!;
    sim.clock.advance(60_000);
    const res = await call(sim, "POST", `/users/rob/events/${robPlanning.id}/tentativelyAccept`, {
      body: { comment: "maybe", sendResponse: true },
    });
    expect(res.status).toBe(202);
    const rob = (await eventsOf(sim, "rob")).find((e) => e.subject === "Planning")!;
    expect(rob.responseStatus).toEqual({ response: "tentativelyAccepted", time: "2026-11-25T09:01:00.000Z" });
    const mara = (await eventsOf(sim, "mara")).find((e) => e.subject === "Planning")!;
    expect(mara.attendees.find((a: Ev) => a.emailAddress.address === ROB).status.response).toBe(
      "tentativelyAccepted",
    );
  });

  it("keeps the organizer's copy unchanged when sendResponse is false", async () => {
    const sim = simulator(allEvents);
    const robPlanning = (await eventsOf(sim, "rob")).find((e) => e.subject === "Planning")!;
    await call(sim, "POST", `/users/rob/events/${robPlanning.id}/accept`, { body: { sendResponse: false } });
    expect((await eventsOf(sim, "rob")).find((e) => e.subject === "Planning")!.responseStatus.response).toBe(
      "accepted",
    );
    const mara = (await eventsOf(sim, "mara")).find((e) => e.subject === "Planning")!;
    expect(mara.attendees.find((a: Ev) => a.emailAddress.address === ROB).status.response).toBe("none");
  });

  it("declines one occurrence without touching the rest of the series", async () => {
    const sim = simulator([oneOnOneSeries]);
    const rob = await viewOf(sim, "rob", "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z");
    await call(sim, "POST", `/users/rob/events/${rob[1]!.id}/decline`, { body: {} });
    const after = await viewOf(sim, "rob", "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z");
    expect(after.map((e) => e.responseStatus.response)).toEqual(["accepted", "declined"]);
    const mara = await viewOf(sim, "mara", "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z");
    expect(mara.map((e) => e.attendees[0].status.response)).toEqual(["accepted", "declined"]);
  });

  it("refuses an answer from the organizer", async () => {
    const sim = simulator(allEvents);
    const maraPlanning = (await eventsOf(sim, "mara")).find((e) => e.subject === "Planning")!;
    const res = await call(sim, "POST", `/users/mara/events/${maraPlanning.id}/accept`, { body: {} });
    expect(res.status).toBe(400);
  });
});
