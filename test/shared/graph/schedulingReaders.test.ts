// Scheduling's Graph functions against the tenant simulator over real HTTPS (real msal-node and Graph SDK), with
// every request and response body checked against Graph's schema, and writes counted from the recorded requests.
import type { Event } from "@microsoft/microsoft-graph-types";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../../dev/sim/server.js";
import { simulatorGateway } from "../../../dev/sim/simulatorGateway.js";
import { createEvent } from "../../../shared/graph/createEvent.js";
import { findEventByTransactionId } from "../../../shared/graph/findEventByTransactionId.js";
import { readMailboxSettings } from "../../../shared/graph/readMailboxSettings.js";
import { readSchedules } from "../../../shared/graph/readSchedules.js";
import type { GraphGateway } from "../../../shared/graph/types.js";
import { type GraphSchemaChecker, graphSchemaChecker } from "../../helpers/graphSchemaValidator.js";
import { ADA, BO, CY, smallTenant } from "./smallTenant.js";

let sim: Simulator;
let schema: GraphSchemaChecker;
const tenant = smallTenant(23);
const fillers = tenant.users.slice(3).map((u) => u.id);

beforeAll(async () => {
  schema = graphSchemaChecker();
  sim = await startSimulator({ fixture: tenant, seed: 5, validate: schema.validator });
});
afterAll(async () => {
  await sim?.close();
});
beforeEach(() => {
  sim.setProfile({});
  sim.clearRequests();
  sim.hooks.afterHandler = undefined;
});

function gateway(): GraphGateway {
  return simulatorGateway(sim, { baseDelayMs: 1, random: () => 0.5, sleep: async () => {} });
}
const envelopes = () => sim.requests().filter((r) => r.kind === "batch");
const inner = () => sim.requests().filter((r) => r.kind === "graph" && r.batchId !== undefined);
const eventPosts = () =>
  sim.requests().filter((r) => r.kind === "graph" && r.method === "POST" && /\/events$/.test(r.url));

describe("readMailboxSettings", () => {
  it("reads 26 mailboxes in 2 batches: zones as set (IANA or Windows), working hours, a typed failure for no mailbox", async () => {
    const users = [ADA, BO, CY, ...fillers];
    const settings = await readMailboxSettings(gateway(), users);
    expect(envelopes()).toHaveLength(2);
    expect(inner()).toHaveLength(26);
    expect(inner().every((r) => r.method === "GET" && /^\/users\/[^/]+\/mailboxSettings$/.test(r.url))).toBe(
      true,
    );
    const ada = settings.get(ADA);
    expect(ada?.ok && ada.value.timeZone).toBe("Europe/Rome");
    expect(ada?.ok && ada.value.workingHours).toMatchObject({
      daysOfWeek: ["monday", "tuesday", "wednesday", "thursday", "friday"],
      startTime: "08:00:00.0000000",
      endTime: "17:00:00.0000000",
    });
    const bo = settings.get(BO);
    expect(bo?.ok && bo.value.timeZone).toBe("W. Europe Standard Time");
    const cy = settings.get(CY);
    expect(cy?.ok === false && cy.error.code).toBe("GRAPH.MAILBOX_NOT_ENABLED");
    expect(users.filter((u) => settings.get(u)?.ok)).toHaveLength(25);
    expect(sim.validationFailures).toEqual([]);
  });
});

describe("readSchedules", () => {
  const window = { start: new Date("2026-11-02T00:00:00Z"), end: new Date("2026-11-16T00:00:00Z") };

  it("asks getSchedule once per organizer, 20 per batch, in UTC, and returns Graph's free/busy per schedule", async () => {
    const queries = [
      { organizer: ADA, schedules: ["ada@contoso.example", "bo@contoso.example", "cy@contoso.example"] },
      ...fillers
        .slice(0, 20)
        .map((id, i) => ({ organizer: id, schedules: [`filler${i + 1}@contoso.example`] })),
    ];
    const result = await readSchedules(gateway(), queries, window);
    expect(envelopes()).toHaveLength(2);
    expect(inner()).toHaveLength(21);
    const adaCall = inner().find((r) => r.url === `/users/${ADA}/calendar/getSchedule`);
    expect(adaCall?.requestBody).toEqual({
      schedules: ["ada@contoso.example", "bo@contoso.example", "cy@contoso.example"],
      startTime: { dateTime: "2026-11-02T00:00:00.000", timeZone: "UTC" },
      endTime: { dateTime: "2026-11-16T00:00:00.000", timeZone: "UTC" },
      availabilityViewInterval: 30,
    });
    const ada = result.get(ADA);
    if (!ada?.ok) throw new Error("no schedules for Ada");
    const [adaSchedule, boSchedule, cySchedule] = ada.value;
    // 14 days of 30-minute slots: Bo's coffee on Monday 2 Nov 15:00 UTC (Ada has not answered: tentative), and
    // the bi-weekly 1:1 on Tuesday 10 Nov, 10:00 Rome = 09:00 UTC.
    expect(adaSchedule?.availabilityView).toHaveLength(14 * 48);
    expect(adaSchedule?.scheduleItems?.map((i) => [i.status, i.start])).toEqual([
      ["tentative", { dateTime: "2026-11-02T15:00:00.0000000", timeZone: "UTC" }],
      ["busy", { dateTime: "2026-11-10T09:00:00.0000000", timeZone: "UTC" }],
    ]);
    expect(adaSchedule?.availabilityView?.[30]).toBe("1");
    expect(adaSchedule?.availabilityView?.[8 * 48 + 18]).toBe("2");
    // Exchange names the working hours' zone the Windows way even for a mailbox set with an IANA name.
    expect(adaSchedule?.workingHours?.timeZone?.name).toBe("W. Europe Standard Time");
    // Bo: the coffee on Monday 2 Nov 15:00 UTC and his copy of the 1:1.
    expect(boSchedule?.scheduleItems).toHaveLength(2);
    expect(boSchedule?.availabilityView?.[30]).toBe("2");
    expect(cySchedule?.error).toBeDefined();
    expect(queries.every((q) => result.get(q.organizer)?.ok)).toBe(true);
    expect(sim.validationFailures).toEqual([]);
  });

  it("refuses a window of 62 days or more, > 20 schedules, a repeated organizer or a bad interval before calling Graph", async () => {
    const long = { start: window.start, end: new Date(window.start.getTime() + 62 * 86_400_000) };
    await expect(
      readSchedules(gateway(), [{ organizer: ADA, schedules: [ADA] }], long),
    ).rejects.toMatchObject({
      code: "GRAPH.BAD_REQUEST",
    });
    const many = Array.from({ length: 21 }, (_, i) => `filler${i + 1}@contoso.example`);
    await expect(
      readSchedules(gateway(), [{ organizer: ADA, schedules: many }], window),
    ).rejects.toMatchObject({
      code: "GRAPH.BAD_REQUEST",
    });
    await expect(
      readSchedules(
        gateway(),
        [
          { organizer: ADA, schedules: [ADA] },
          { organizer: ADA.toUpperCase(), schedules: [BO] },
        ],
        window,
      ),
    ).rejects.toMatchObject({ code: "GRAPH.BAD_REQUEST" });
    await expect(
      readSchedules(gateway(), [{ organizer: ADA, schedules: [ADA] }], window, {
        availabilityViewInterval: 2,
      }),
    ).rejects.toMatchObject({ code: "GRAPH.BAD_REQUEST" });
    expect(sim.requests().filter((r) => r.kind !== "token")).toHaveLength(0);
  });

  it("retries a getSchedule answered 503 (it only reads)", async () => {
    sim.setProfile({ seed: 4, faults: { status503: 0.5 } });
    const queries = fillers.slice(0, 10).map((id, i) => ({
      organizer: id,
      schedules: [`filler${i + 1}@contoso.example`],
    }));
    const result = await readSchedules(gateway(), queries, window);
    expect(inner().some((r) => r.status === 503)).toBe(true);
    expect(queries.every((q) => result.get(q.organizer)?.ok)).toBe(true);
  });
});

/** A bi-weekly 1:1 series as planSeries would create it. */
function series(transactionId: string, subject = "Ada / Bo 1:1"): Event & { transactionId: string } {
  return {
    subject,
    body: { contentType: "html", content: "<p>A regular 1:1.</p>" },
    start: { dateTime: "2026-12-02T15:00:00", timeZone: "Europe/Rome" },
    end: { dateTime: "2026-12-02T15:30:00", timeZone: "Europe/Rome" },
    attendees: [{ type: "required", emailAddress: { address: "bo@contoso.example" } }],
    recurrence: {
      pattern: { type: "weekly", interval: 2, daysOfWeek: ["wednesday"], firstDayOfWeek: "monday" },
      range: { type: "noEnd", startDate: "2026-12-02", recurrenceTimeZone: "Europe/Rome" },
    },
    isOnlineMeeting: true,
    onlineMeetingProvider: "teamsForBusiness",
    transactionId,
  };
}

async function mastersWith(transactionId: string): Promise<Event[]> {
  const page = await gateway().get<{ value: Event[] }>(
    `/users/${ADA}/events?$select=id,type,transactionId&$top=1000`,
  );
  return page.value.filter((e) => e.transactionId === transactionId);
}

describe("createEvent", () => {
  it("creates the series once, with its transactionId, in one POST", async () => {
    const created = await createEvent(gateway(), ADA, series("cadence-t1"));
    expect(created).toMatchObject({
      type: "seriesMaster",
      transactionId: "cadence-t1",
      isOnlineMeeting: true,
    });
    expect(eventPosts()).toHaveLength(1);
    expect(await mastersWith("cadence-t1")).toHaveLength(1);
    expect(sim.validationFailures).toEqual([]);
  });

  for (const lost of ["status504", "reset"] as const) {
    it(`POST times out after Graph created the event (${lost}), retried → exactly one event`, async () => {
      let first = true;
      sim.hooks.afterHandler = (req) => {
        if (req.method !== "POST" || !first) return undefined;
        first = false;
        return lost;
      };
      const created = await createEvent(gateway(), ADA, series(`cadence-lost-${lost}`));
      const posts = eventPosts();
      expect(posts.map((p) => p.status)).toEqual([lost === "reset" ? 0 : 504, 201]);
      expect(posts[0]!.requestBody).toEqual(posts[1]!.requestBody);
      const masters = await mastersWith(`cadence-lost-${lost}`);
      expect(masters).toHaveLength(1);
      expect(created.id).toBe(masters[0]!.id);
    });
  }

  it("a POST without transactionId whose answer was lost is not sent again (it could book twice)", async () => {
    let first = true;
    sim.hooks.afterHandler = (req) => {
      if (req.method !== "POST" || !first) return undefined;
      first = false;
      return "status504";
    };
    const { transactionId: _, ...plain } = series("unused", "Plain");
    await expect(gateway().post(`/users/${ADA}/events`, plain)).rejects.toMatchObject({
      code: "GRAPH.UNAVAILABLE",
    });
    expect(eventPosts()).toHaveLength(1);
  });

  it("a re-run with the same transactionId but other content gets the first run's event back", async () => {
    const first = await createEvent(gateway(), ADA, series("cadence-rerun"));
    sim.clearRequests();
    const again = await createEvent(gateway(), ADA, series("cadence-rerun", "Ada / Bo 1:1 (moved)"));
    expect(again.id).toBe(first.id);
    expect(again.subject).toBe("Ada / Bo 1:1");
    expect(eventPosts().map((p) => [p.status, p.errorCode])).toEqual([[400, "ErrorDuplicateTransactionId"]]);
    expect(await mastersWith("cadence-rerun")).toHaveLength(1);
  });

  it("refuses an event without transactionId before calling Graph", async () => {
    await expect(
      createEvent(gateway(), ADA, { ...series("x"), transactionId: "" } as Event & { transactionId: string }),
    ).rejects.toMatchObject({ code: "GRAPH.BAD_REQUEST" });
    expect(eventPosts()).toHaveLength(0);
  });
});

describe("findEventByTransactionId", () => {
  it("finds the series master whose first occurrence lies in the window, and nothing else", async () => {
    const created = await createEvent(gateway(), ADA, series("cadence-find"));
    const around = { start: new Date("2026-11-30T00:00:00Z"), end: new Date("2026-12-05T00:00:00Z") };
    sim.clearRequests();
    const found = await findEventByTransactionId(gateway(), ADA, "cadence-find", around);
    expect(found?.id).toBe(created.id);
    expect(found?.transactionId).toBe("cadence-find");
    expect(found?.recurrence?.pattern?.interval).toBe(2);
    // One calendarView page, then the masters of the six series this file created there (all starting 2 Dec),
    // never more than 4 of Ada's mailbox in flight.
    expect(sim.requests().filter((r) => r.kind === "graph" && r.batchId === undefined)).toHaveLength(1);
    const masterReads = inner();
    expect(masterReads).toHaveLength(6);
    expect(envelopes()).toHaveLength(2);
    expect(masterReads.every((r) => r.url.startsWith(`/users/${ADA}/events/`))).toBe(true);
    expect(await findEventByTransactionId(gateway(), ADA, "cadence-nothing", around)).toBeNull();
    const before = { start: new Date("2026-11-20T00:00:00Z"), end: new Date("2026-11-27T00:00:00Z") };
    expect(await findEventByTransactionId(gateway(), ADA, "cadence-find", before)).toBeNull();
    // The attendee's copy carries no transactionId of the organizer's.
    expect(await findEventByTransactionId(gateway(), BO, "cadence-find", around)).toBeNull();
  });
});
