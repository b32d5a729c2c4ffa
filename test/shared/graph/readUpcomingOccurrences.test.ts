// Delivery's Graph readers against the simulator over HTTPS: the upcoming calendarView (with the join URL), the
// by-id lookup for occurrences the view no longer shows, and mailboxSettings — all inside $batch.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../../dev/sim/server.js";
import { simulatorGateway } from "../../../dev/sim/simulatorGateway.js";
import { pairOccurrences } from "../../../shared/domain/pairOccurrences.js";
import { readEventsByIds } from "../../../shared/graph/readEventsByIds.js";
import { readMailboxSettings } from "../../../shared/graph/readMailboxSettings.js";
import { readUpcomingOccurrences } from "../../../shared/graph/readUpcomingOccurrences.js";
import type { GraphGateway } from "../../../shared/graph/types.js";
import { ADA, BO, smallTenant } from "./smallTenant.js";

const SELECT =
  "id,type,seriesMasterId,start,end,isAllDay,isCancelled,organizer,attendees,responseStatus,onlineMeeting";
const PAIR = {
  managerUpn: "ada@contoso.example",
  managerMail: null,
  reportUpn: "bo@contoso.example",
  reportMail: null,
};

let sim: Simulator;
let gateway: GraphGateway;
beforeAll(async () => {
  const fixture = smallTenant(2);
  fixture.events.push({
    mailbox: "ada@contoso.example",
    event: {
      subject: "Ada / Bo weekly",
      start: { dateTime: "2026-12-01T15:00:00", timeZone: "UTC" },
      end: { dateTime: "2026-12-01T15:45:00", timeZone: "UTC" },
      attendees: [{ type: "required", emailAddress: { address: "bo@contoso.example" } }],
      isOnlineMeeting: true,
      onlineMeetingProvider: "teamsForBusiness",
      recurrence: {
        pattern: { type: "weekly", interval: 1, daysOfWeek: ["tuesday"], firstDayOfWeek: "monday" },
        range: { type: "noEnd", startDate: "2026-12-01" },
      },
    },
    cancelledOccurrences: ["2026-12-08"],
  } as (typeof fixture.events)[number]);
  sim = await startSimulator({ fixture, port: 0 });
  gateway = simulatorGateway(sim);
});
afterAll(async () => {
  await sim?.close();
});

describe("delivery's Graph readers", () => {
  it("reads the managers' next day in one $batch with the agenda's $select, join URL included", async () => {
    sim.clearRequests();
    const window = { start: new Date("2026-12-01T12:00:00Z"), end: new Date("2026-12-02T12:00:00Z") };
    const read = await readUpcomingOccurrences(gateway, [ADA, BO], window);
    const ada = read.get(ADA);
    if (!ada?.ok) throw new Error("Ada's calendar should be readable");
    const occurrences = pairOccurrences(ada.value, PAIR);
    expect(occurrences.map((o) => [o.start.toISOString(), o.end.toISOString(), o.isCancelled])).toEqual([
      ["2026-12-01T15:00:00.000Z", "2026-12-01T15:45:00.000Z", false],
    ]);
    expect(occurrences[0]!.joinUrl).toMatch(/^https:\/\//);
    expect(occurrences[0]!.seriesMasterId).toEqual(expect.any(String));
    const graph = sim.requests().filter((r) => r.kind === "graph");
    expect(graph).toHaveLength(2);
    expect(graph.every((r) => r.batchId && r.url.includes(`$select=${SELECT}`))).toBe(true);
  });

  it("finds an occurrence by id, and answers null for one Graph no longer has", async () => {
    const window = { start: new Date("2026-12-01T12:00:00Z"), end: new Date("2026-12-16T12:00:00Z") };
    const read = await readUpcomingOccurrences(gateway, [ADA], window);
    const ada = read.get(ADA);
    if (!ada?.ok) throw new Error("Ada's calendar should be readable");
    const starts = pairOccurrences(ada.value, PAIR).map((o) => o.start.toISOString());
    expect(starts).toContain("2026-12-15T15:00:00.000Z");
    expect(starts).not.toContain("2026-12-08T15:00:00.000Z"); // cancelled: calendarView leaves it out
    const first = pairOccurrences(ada.value, PAIR)[0]!;
    const found = await readEventsByIds(gateway, [
      { mailbox: ADA, eventId: first.id },
      { mailbox: ADA, eventId: "AAMk-no-such-event" },
    ]);
    expect(found.get(first.id)).toMatchObject({ ok: true, value: { id: first.id } });
    expect(found.get("AAMk-no-such-event")).toEqual({ ok: true, value: null });
  });

  it("reads the recipients' time zone from mailboxSettings", async () => {
    const settings = await readMailboxSettings(gateway, [ADA, BO]);
    expect(settings.get(ADA)).toMatchObject({ ok: true, value: { timeZone: "Europe/Rome" } });
    expect(settings.get(BO)).toMatchObject({ ok: true, value: { timeZone: "W. Europe Standard Time" } });
  });
});
