import { describe, expect, it } from "vitest";
import { allEvents } from "./calendarFixture.js";
import { call, type Ev, HOST, relative, type Sim, simulator } from "./calendarTestKit.js";

const window = { startDateTime: "2026-11-01T00:00:00Z", endDateTime: "2026-12-01T00:00:00Z" };

/** Runs one delta round to its deltaLink; returns the items seen and the link for the next round. */
async function round(
  sim: Sim,
  user: string,
  start?: string,
): Promise<{ items: Ev[]; deltaLink: string; pages: number }> {
  let res = start
    ? await call(sim, "GET", relative(start))
    : await call(sim, "GET", `/users/${user}/calendarView/delta`, {
        query: window,
        headers: { Prefer: "odata.maxpagesize=2" },
      });
  const items: Ev[] = [];
  let pages = 1;
  for (;;) {
    expect(res.status).toBe(200);
    items.push(...(res.body.value as Ev[]));
    const next = res.body["@odata.nextLink"] as string | undefined;
    if (!next) break;
    expect(res.body["@odata.deltaLink"]).toBeUndefined();
    res = await call(sim, "GET", relative(next));
    pages += 1;
  }
  const deltaLink = res.body["@odata.deltaLink"] as string;
  expect(deltaLink).toMatch(
    new RegExp(
      `^https://${HOST.replaceAll(".", "\\.")}/v1\\.0/users/${user}/calendarView/delta\\?\\$deltatoken=`,
    ),
  );
  return { items, deltaLink, pages };
}

describe("GET calendarView/delta", () => {
  it("syncs the window in pages, then hands out a deltaLink", async () => {
    const sim = simulator(allEvents);
    const first = await round(sim, "rob");
    // Series on 11-10 and 11-24, Planning, the cancelled review, Rob's private event.
    expect(first.items.map((e) => e.subject).sort()).toEqual([
      "Doctor",
      "Mara / Rob 1:1",
      "Mara / Rob 1:1",
      "Planning",
      "Review (cancelled)",
    ]);
    expect(first.pages).toBe(3);
    const quiet = await round(sim, "rob", first.deltaLink);
    expect(quiet.items).toEqual([]);
  });

  it("next round: only what changed, and @removed for what left the window", async () => {
    const sim = simulator(allEvents);
    const first = await round(sim, "rob");
    const maraSeries = (await call(sim, "GET", "/users/mara/events")).body.value as Ev[];
    const master = maraSeries.find((e) => e.type === "seriesMaster")!;
    const maraView = (
      await call(sim, "GET", "/users/mara/calendarView", {
        query: { startDateTime: "2026-11-24T00:00:00Z", endDateTime: "2026-11-25T00:00:00Z" },
      })
    ).body.value as Ev[];
    sim.clock.advance(60_000);
    await call(sim, "DELETE", `/users/mara/events/${maraView[0]!.id}`);
    const robOccurrence = first.items.find((e) => e.start.dateTime.startsWith("2026-11-24"))!;

    const second = await round(sim, "rob", first.deltaLink);
    expect(second.items).toEqual([
      expect.objectContaining({
        subject: "Mara / Rob 1:1",
        start: expect.objectContaining({ dateTime: "2026-11-10T09:00:00.0000000" }),
      }),
      { "@odata.type": "#microsoft.graph.event", id: robOccurrence.id, "@removed": { reason: "deleted" } },
    ]);

    await call(sim, "PATCH", `/users/mara/events/${master.id}`, { body: { subject: "renamed" } });
    const planning = (await call(sim, "GET", "/users/rob/events")).body.value as Ev[];
    await call(sim, "DELETE", `/users/rob/events/${planning.find((e) => e.subject === "Planning")!.id}`);
    const third = await round(sim, "rob", second.deltaLink);
    const planningInstance = first.items.find((e) => e.subject === "Planning")!;
    expect(third.items.map((e) => e.subject ?? e["@removed"]?.reason)).toEqual(["renamed", "deleted"]);
    expect(third.items[1]!.id).toBe(planningInstance.id);
  });

  it("reports events created after the round started", async () => {
    const sim = simulator(allEvents);
    const first = await round(sim, "rob");
    await call(sim, "POST", "/users/mara/events", {
      body: {
        subject: "New",
        start: { dateTime: "2026-11-20T10:00:00", timeZone: "UTC" },
        end: { dateTime: "2026-11-20T11:00:00", timeZone: "UTC" },
        attendees: [{ emailAddress: { address: "rob@contoso.example" } }],
      },
    });
    const second = await round(sim, "rob", first.deltaLink);
    expect(second.items.map((e) => [e.subject, e.responseStatus.response])).toEqual([
      ["New", "notResponded"],
    ]);
    const other = await round(sim, "mara", undefined);
    expect(other.items.some((e) => e.subject === "New")).toBe(true);
  });

  it("refuses query options delta cannot honour and tokens it did not issue", async () => {
    const sim = simulator(allEvents);
    const select = await call(sim, "GET", "/users/rob/calendarView/delta", {
      query: { ...window, $select: "subject" },
    });
    expect(select.status).toBe(400);
    const bogus = await call(sim, "GET", "/users/rob/calendarView/delta?$deltatoken=nonsense");
    expect(bogus.status).toBe(400);
    const noWindow = await call(sim, "GET", "/users/rob/calendarView/delta");
    expect(noWindow.status).toBe(400);
  });

  it("pages a later round too, and reports changes made while it was paging in the round after", async () => {
    const sim = simulator(allEvents);
    const first = await round(sim, "rob");
    const create = (subject: string) =>
      call(sim, "POST", "/users/mara/events", {
        body: {
          subject,
          start: { dateTime: "2026-11-20T10:00:00", timeZone: "UTC" },
          end: { dateTime: "2026-11-20T11:00:00", timeZone: "UTC" },
          attendees: [{ emailAddress: { address: "rob@contoso.example" } }],
        },
      });
    for (const subject of ["A", "B", "C"]) await create(subject);
    let res = await call(sim, "GET", relative(first.deltaLink), {
      headers: { Prefer: "odata.maxpagesize=2" },
    });
    expect((res.body.value as Ev[]).map((e) => e.subject)).toEqual(["A", "B"]);
    await create("D");
    res = await call(sim, "GET", relative(res.body["@odata.nextLink"] as string));
    expect((res.body.value as Ev[]).map((e) => e.subject)).toEqual(["C"]);
    const next = await round(sim, "rob", res.body["@odata.deltaLink"] as string);
    expect(next.items.map((e) => e.subject)).toEqual(["D"]);
  });
});
