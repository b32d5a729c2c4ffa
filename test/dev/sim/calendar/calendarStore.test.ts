import { describe, expect, it } from "vitest";
import { allEvents, MARA, oneOnOneSeries, ROB } from "./calendarFixture.js";
import { call, type Ev, simulator } from "./calendarTestKit.js";

const window = { startDateTime: "2026-09-01T00:00:00Z", endDateTime: "2026-12-31T00:00:00Z" };

async function view(user: string, query: Record<string, string> = window): Promise<Ev[]> {
  const sim = simulator(allEvents);
  const res = await call(sim, "GET", `/users/${user}/calendarView`, {
    query,
    headers: { Prefer: "odata.maxpagesize=100" },
  });
  expect(res.status).toBe(200);
  return res.body.value as Ev[];
}

describe("CalendarStore.fromFixture", () => {
  it("copies the organizer's meeting into each attendee mailbox with its own id and the shared iCalUId", async () => {
    const sim = simulator(allEvents);
    const mara = (await call(sim, "GET", "/users/mara/events")).body.value as Ev[];
    const rob = (await call(sim, "GET", "/users/rob/events")).body.value as Ev[];
    const maraSeries = mara.find((e) => e.subject === "Mara / Rob 1:1")!;
    const robSeries = rob.find((e) => e.subject === "Mara / Rob 1:1")!;
    expect(maraSeries.id).not.toBe(robSeries.id);
    expect(maraSeries.iCalUId).toBe(robSeries.iCalUId);
    expect(maraSeries).toMatchObject({
      type: "seriesMaster",
      isOrganizer: true,
      responseStatus: { response: "organizer" },
    });
    expect(robSeries).toMatchObject({
      type: "seriesMaster",
      isOrganizer: false,
      responseStatus: { response: "accepted" },
    });
    expect(robSeries.organizer.emailAddress.address).toBe(MARA);
    expect(maraSeries.attendees).toEqual([
      {
        type: "required",
        status: expect.objectContaining({ response: "accepted" }),
        emailAddress: { name: "Rob", address: ROB },
      },
    ]);
    expect(maraSeries.recurrence.pattern).toMatchObject({
      type: "weekly",
      interval: 2,
      daysOfWeek: ["tuesday"],
    });
    expect(maraSeries.cancelledOccurrences).toEqual(["2026-10-27"]);
  });

  it("gives attendees who have not answered notResponded, and shows the organizer 'none' for them", async () => {
    const sim = simulator(allEvents);
    const rob = (await call(sim, "GET", "/users/rob/events")).body.value as Ev[];
    const planning = rob.find((e) => e.subject === "Planning")!;
    expect(planning.responseStatus.response).toBe("notResponded");
    expect(planning.showAs).toBe("tentative");
    const statuses = Object.fromEntries(
      planning.attendees.map((a: Ev) => [a.emailAddress.address, a.status.response]),
    );
    expect(statuses).toEqual({ [ROB]: "none", "ext@fabrikam.example": "none" });
  });

  it("does not give an external attendee or a mailbox-less user a copy", async () => {
    const sim = simulator([
      {
        mailbox: "mara",
        event: {
          subject: "Mixed",
          start: { dateTime: "2026-11-30T10:00:00", timeZone: "UTC" },
          end: { dateTime: "2026-11-30T11:00:00", timeZone: "UTC" },
          attendees: [
            { emailAddress: { address: "nomail@contoso.example" } },
            { emailAddress: { address: "x@y.example" } },
          ],
        },
      },
    ]);
    expect(sim.store.listEvents("mara")).toHaveLength(1);
    expect(sim.store.listEvents("nomail")).toHaveLength(0);
  });

  it("expands the series: occurrences, the moved exception, the cancelled date left out", async () => {
    const items = (await view("mara")).filter((e) => e.subject === "Mara / Rob 1:1");
    expect(items.map((e) => [e.type, e.start.dateTime])).toEqual([
      ["occurrence", "2026-09-01T08:00:00.0000000"],
      ["occurrence", "2026-09-15T08:00:00.0000000"],
      ["occurrence", "2026-09-29T08:00:00.0000000"],
      ["exception", "2026-10-14T09:00:00.0000000"],
      ["occurrence", "2026-11-10T09:00:00.0000000"],
      ["occurrence", "2026-11-24T09:00:00.0000000"],
      ["occurrence", "2026-12-08T09:00:00.0000000"],
      ["occurrence", "2026-12-22T09:00:00.0000000"],
    ]);
    const exception = items[3]!;
    expect(exception.originalStart).toBe("2026-10-13T08:00:00Z");
    const master = (await call(simulator(allEvents), "GET", "/users/mara/events")).body.value as Ev[];
    const masterId = master.find((e) => e.type === "seriesMaster")!.id;
    expect(new Set(items.map((e) => e.seriesMasterId))).toEqual(new Set([masterId]));
    expect(new Set(items.map((e) => e.id)).size).toBe(items.length);
  });

  it("shows the attendee the same occurrences under their own ids, with their answer", async () => {
    const mara = (await view("mara")).filter((e) => e.subject === "Mara / Rob 1:1");
    const rob = (await view("rob")).filter((e) => e.subject === "Mara / Rob 1:1");
    expect(rob.map((e) => e.start.dateTime)).toEqual(mara.map((e) => e.start.dateTime));
    expect(rob.every((e) => e.responseStatus.response === "accepted" && e.showAs === "busy")).toBe(true);
    expect(rob.map((e) => e.id)).not.toEqual(mara.map((e) => e.id));
    expect(rob.map((e) => e.iCalUId)).toEqual(mara.map((e) => e.iCalUId));
  });

  it("keeps a wholly cancelled meeting visible, flagged isCancelled, in every copy", async () => {
    for (const user of ["mara", "rob"]) {
      const review = (await view(user)).find((e) => e.subject === "Review (cancelled)");
      expect(review).toMatchObject({ isCancelled: true, type: "singleInstance" });
    }
  });

  it("defaults createdDateTime to the first occurrence or the fixture's now, whichever is earlier", async () => {
    const sim = simulator(allEvents);
    const mara = (await call(sim, "GET", "/users/mara/events")).body.value as Ev[];
    const created = Object.fromEntries(mara.map((e) => [e.subject, e.createdDateTime]));
    expect(created).toEqual({
      "Mara / Rob 1:1": "2026-09-01T08:00:00.000Z",
      Planning: "2026-11-25T09:00:00.000Z",
      "Review (cancelled)": "2026-01-01T00:00:00.000Z",
    });
    const rob = (await call(sim, "GET", "/users/rob/events")).body.value as Ev[];
    expect(rob.find((e) => e.subject === "Mara / Rob 1:1")!.createdDateTime).toBe("2026-09-01T08:00:00.000Z");
  });

  it("uses the series' first real occurrence when the start date does not match the pattern", () => {
    const sim = simulator([
      {
        mailbox: "mara",
        event: {
          subject: "Thursdays",
          // A Monday start: Exchange's first occurrence is the Thursday after.
          start: { dateTime: "2026-11-02T09:00:00", timeZone: "UTC" },
          end: { dateTime: "2026-11-02T09:30:00", timeZone: "UTC" },
          recurrence: {
            pattern: { type: "weekly", interval: 1, daysOfWeek: ["thursday"] },
            range: { type: "noEnd", startDate: "2026-11-02" },
          },
        },
      },
    ]);
    const [master] = sim.store.listEvents("mara");
    expect(master!.view.copy.createdDateTime.toISOString()).toBe("2026-11-05T09:00:00.000Z");
  });

  it("refuses an exception that names no occurrence of its series", () => {
    const phantom = {
      ...oneOnOneSeries,
      exceptions: [{ ...oneOnOneSeries.exceptions[0]!, originalStart: "2026-10-13T11:00:00" }],
    };
    expect(() => simulator([phantom])).toThrow(expect.objectContaining({ code: "SIM.FIXTURE_INVALID" }));
    const utc = {
      ...oneOnOneSeries,
      exceptions: [{ ...oneOnOneSeries.exceptions[0]!, originalStart: "2026-10-13T08:00:00Z" }],
    };
    expect(() => simulator([utc])).not.toThrow();
  });
});
