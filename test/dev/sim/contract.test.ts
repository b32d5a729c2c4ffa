// The simulator's contract: driven only through msal-node and microsoft-graph-client over HTTPS, every Graph
// request and response body it sees must satisfy Graph's own schema (../shared/graph-schema).
import type { Client } from "@microsoft/microsoft-graph-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { RecordedRequest } from "../../../dev/sim/core/recorder.js";
import { type Simulator, startSimulator } from "../../../dev/sim/server.js";
import { graphClientFor } from "../../helpers/graphClientFor.js";
import { type GraphSchemaChecker, graphSchemaChecker } from "../../helpers/graphSchemaValidator.js";

const MARIA = "maria@contoso.example";
const RAVI = "ravi@contoso.example";
const RITA = "rita@contoso.example";

const fixture = {
  now: "2026-11-25T09:00:00Z",
  users: [
    {
      id: "0b7e3c1a-0000-4000-8000-000000000001",
      displayName: "Maria Manager",
      userPrincipalName: MARIA,
      mail: MARIA,
      department: "Engineering",
      jobTitle: "Engineering Manager",
      mailboxSettings: {
        timeZone: "W. Europe Standard Time",
        workingHours: {
          daysOfWeek: ["monday", "tuesday", "wednesday", "thursday", "friday"],
          startTime: "09:00:00.0000000",
          endTime: "17:00:00.0000000",
          timeZone: { name: "W. Europe Standard Time" },
        },
      },
    },
    {
      id: "0b7e3c1a-0000-4000-8000-000000000002",
      displayName: "Ravi Report",
      userPrincipalName: RAVI,
      mail: RAVI,
      department: "Engineering",
      managerId: "0b7e3c1a-0000-4000-8000-000000000001",
      mailboxSettings: { timeZone: "Asia/Kolkata" },
    },
    {
      id: "0b7e3c1a-0000-4000-8000-000000000003",
      displayName: "Rita Report",
      userPrincipalName: RITA,
      mail: RITA,
      department: "Engineering",
      managerId: "0b7e3c1a-0000-4000-8000-000000000001",
      mailboxSettings: { timeZone: "Pacific Standard Time" },
    },
  ],
  events: [
    {
      mailbox: MARIA,
      event: {
        subject: "Maria / Ravi 1:1",
        start: { dateTime: "2026-09-07T10:00:00", timeZone: "W. Europe Standard Time" },
        end: { dateTime: "2026-09-07T10:30:00", timeZone: "W. Europe Standard Time" },
        attendees: [{ type: "required", emailAddress: { address: RAVI, name: "Ravi Report" } }],
        recurrence: {
          pattern: { type: "weekly", interval: 2, daysOfWeek: ["monday"], firstDayOfWeek: "sunday" },
          range: { type: "noEnd", startDate: "2026-09-07" },
        },
      },
      exceptions: [
        {
          originalStart: "2026-10-05T10:00:00",
          start: { dateTime: "2026-10-06T11:00:00", timeZone: "W. Europe Standard Time" },
          end: { dateTime: "2026-10-06T11:30:00", timeZone: "W. Europe Standard Time" },
        },
      ],
      cancelledOccurrences: ["2026-10-19"],
      responses: { [RAVI]: "accepted" },
    },
    {
      mailbox: RITA,
      event: {
        subject: "Catch-up",
        start: { dateTime: "2026-11-20T08:00:00", timeZone: "Pacific Standard Time" },
        end: { dateTime: "2026-11-20T08:30:00", timeZone: "Pacific Standard Time" },
        attendees: [{ type: "required", emailAddress: { address: MARIA } }],
        isOnlineMeeting: true,
        onlineMeetingProvider: "teamsForBusiness",
      },
    },
    {
      mailbox: MARIA,
      event: {
        subject: "Conference",
        start: { dateTime: "2026-11-30T00:00:00", timeZone: "UTC" },
        end: { dateTime: "2026-12-01T00:00:00", timeZone: "UTC" },
        isAllDay: true,
      },
    },
  ],
};

const graphErrorSchema = z.object({
  error: z.object({
    code: z.string().min(1),
    message: z.string(),
    innerError: z.object({ date: z.string(), "request-id": z.string(), "client-request-id": z.string() }),
  }),
});

const batchResponseSchema = z.object({
  responses: z.array(
    z.object({
      id: z.string(),
      status: z.number().int(),
      headers: z.record(z.string(), z.string()).optional(),
      body: z.unknown().optional(),
    }),
  ),
});

/** Bodies of actions the schema subset has no definition for (Graph documents them only in prose). */
const actionBodySchema = z
  .object({ comment: z.string().optional(), sendResponse: z.boolean().optional() })
  .strict();

let sim: Simulator;
let graph: Client;
let schema: GraphSchemaChecker;
const window = { startDateTime: "2026-09-01T00:00:00Z", endDateTime: "2026-12-31T00:00:00Z" };

beforeAll(async () => {
  schema = graphSchemaChecker();
  sim = await startSimulator({ fixture, seed: 3, validate: schema.validator, recordResponses: true });
  graph = graphClientFor(sim, { retry: false });
});
afterAll(() => sim?.close());

describe("simulator contract (msal-node + microsoft-graph-client over HTTPS)", () => {
  it("serves the directory: users with paging and $select, user, manager, directReports, mailboxSettings, delta", async () => {
    const first = await graph
      .api("/users")
      .top(2)
      .select("id,displayName,userPrincipalName,department")
      .get();
    expect(first.value).toHaveLength(2);
    expect(first["@odata.nextLink"]).toBeDefined();
    const rest = await graph.api(first["@odata.nextLink"]).get();
    expect(
      [...first.value, ...rest.value].map((u: { userPrincipalName: string }) => u.userPrincipalName).sort(),
    ).toEqual([MARIA, RAVI, RITA].sort());
    await graph.api(`/users/${RAVI}`).get();
    expect((await graph.api(`/users/${RAVI}/manager`).get()).userPrincipalName).toBe(MARIA);
    expect((await graph.api(`/users/${MARIA}/directReports`).get()).value).toHaveLength(2);
    const settings = await graph.api(`/users/${MARIA}/mailboxSettings`).get();
    expect(settings.workingHours.daysOfWeek).toContain("monday");
    await graph.api(`/users/${MARIA}/mailboxSettings/workingHours`).get();
    const delta = await graph.api("/users/delta").select("id,displayName").get();
    expect(delta.value.length + (delta["@odata.nextLink"] ? 1 : 0)).toBeGreaterThan(0);
  });

  it("serves calendars: calendarView with Prefer time zone, events, one event, instances", async () => {
    const view = await graph
      .api(`/users/${MARIA}/calendarView`)
      .query(window)
      .header("Prefer", 'outlook.timezone="Pacific Standard Time"')
      .top(50)
      .get();
    const occurrences = view.value as {
      type: string;
      seriesMasterId?: string;
      start: { timeZone: string };
    }[];
    expect(occurrences.some((e) => e.type === "exception")).toBe(true);
    const masterId = occurrences.find((e) => e.seriesMasterId)?.seriesMasterId;
    expect(masterId).toBeDefined();
    await graph.api(`/users/${RAVI}/events`).get();
    await graph.api(`/users/${MARIA}/events/${masterId}`).get();
    const instances = await graph.api(`/users/${MARIA}/events/${masterId}/instances`).query(window).get();
    expect(instances.value.length).toBeGreaterThan(5);
  });

  it("creates, updates, answers and deletes events with bodies Graph accepts", async () => {
    const created = await graph.api(`/users/${MARIA}/events`).post({
      subject: "Maria / Rita 1:1",
      start: { dateTime: "2026-12-01T16:00:00", timeZone: "W. Europe Standard Time" },
      end: { dateTime: "2026-12-01T16:30:00", timeZone: "W. Europe Standard Time" },
      attendees: [{ type: "required", emailAddress: { address: RITA, name: "Rita Report" } }],
      recurrence: {
        pattern: { type: "weekly", interval: 2, daysOfWeek: ["tuesday"], firstDayOfWeek: "monday" },
        range: { type: "noEnd", startDate: "2026-12-01", recurrenceTimeZone: "W. Europe Standard Time" },
      },
      isOnlineMeeting: true,
      onlineMeetingProvider: "teamsForBusiness",
      transactionId: "cadence-contract-1",
    });
    expect(created.id).toBeDefined();
    await graph
      .api(`/users/${MARIA}/events/${created.id}`)
      .patch({ subject: "Maria / Rita 1:1 (bi-weekly)" });
    const ritaCopy = (
      await graph
        .api(`/users/${RITA}/calendarView`)
        .query({
          startDateTime: "2026-12-01T00:00:00Z",
          endDateTime: "2026-12-02T00:00:00Z",
        })
        .get()
    ).value.find((e: { subject: string }) => e.subject.startsWith("Maria / Rita"));
    expect(ritaCopy).toBeDefined();
    await graph
      .api(`/users/${RITA}/events/${ritaCopy.seriesMasterId ?? ritaCopy.id}/accept`)
      .post({ sendResponse: true });
    await graph.api(`/users/${MARIA}/events/${created.id}`).delete();
  });

  it("answers getSchedule for both sides of a pair", async () => {
    const schedule = await graph.api(`/users/${MARIA}/calendar/getSchedule`).post({
      schedules: [MARIA, RAVI],
      startTime: { dateTime: "2026-11-30T08:00:00", timeZone: "W. Europe Standard Time" },
      endTime: { dateTime: "2026-12-04T18:00:00", timeZone: "W. Europe Standard Time" },
      availabilityViewInterval: 30,
    });
    expect(schedule.value).toHaveLength(2);
  });

  it("answers $batch entries through the same contract", async () => {
    const res = await graph.api("/$batch").post({
      requests: [
        { id: "1", method: "GET", url: `/users/${RAVI}?$select=id,displayName` },
        {
          id: "2",
          method: "GET",
          url: `/users/${RAVI}/calendarView?startDateTime=${window.startDateTime}&endDateTime=${window.endDateTime}`,
        },
        { id: "3", method: "GET", url: `/users/${RITA}/mailboxSettings` },
        { id: "4", method: "GET", url: "/users/nobody@contoso.example" },
      ],
    });
    const statuses = Object.fromEntries(
      (res.responses as { id: string; status: number }[]).map((r) => [r.id, r.status]),
    );
    expect(statuses).toEqual({ 1: 200, 2: 200, 3: 200, 4: 404 });
  });

  it("saw only schema-valid bodies, and checked every one of them", () => {
    expect(sim.validationFailures).toEqual([]);
    const graphCalls = sim.requests().filter((r) => r.kind === "graph" || r.kind === "batch");
    expect(graphCalls.length).toBeGreaterThan(15);
    const unchecked: string[] = [];
    for (const r of graphCalls) {
      const where = `${r.method} ${r.url}`;
      if (r.kind === "batch") continue; // its entries are recorded (and checked) one by one below
      if (r.status >= 400) {
        if (!graphErrorSchema.safeParse(r.responseBody).success) unchecked.push(`error body of ${where}`);
        continue;
      }
      if (r.requestBody !== undefined && !schema.checked.has(`request ${where}`)) {
        if (!actionBodySchema.safeParse(r.requestBody).success) unchecked.push(`request ${where}`);
      }
      if (r.responseBody !== undefined && !schema.checked.has(`response ${where}`))
        unchecked.push(`response ${where}`);
    }
    expect(unchecked).toEqual([]);
  });

  it("answers the $batch envelope in Graph's shape, entries carrying Graph error bodies", async () => {
    const before = sim.requests().length;
    await graph.api("/$batch").post({
      requests: [
        { id: "a", method: "GET", url: `/users/${MARIA}` },
        { id: "b", method: "GET", url: "/v1.0/users" },
      ],
    });
    const envelope = sim
      .requests()
      .slice(before)
      .find((r): r is RecordedRequest => r.kind === "batch");
    const parsed = batchResponseSchema.parse(envelope?.responseBody);
    const b = parsed.responses.find((r) => r.id === "b");
    expect(b?.status).toBe(400);
    expect(graphErrorSchema.safeParse(b?.body).success).toBe(true);
    expect(sim.validationFailures).toEqual([]);
  });

  it("has a checker that does reject what Graph would not send", () => {
    expect(() => schema.check("microsoft.graph.user.strict", { id: "x", favouriteColour: "blue" })).toThrow();
    expect(() => schema.check("microsoft.graph.event.strict", { start: { dateTime: 5 } })).toThrow();
  });
});

describe("per-mailbox limits with the real directory", () => {
  it("counts a mailbox once whether it is addressed by id or by UPN", async () => {
    const local = await startSimulator({ fixture, profile: { mailboxConcurrency: 4 } });
    try {
      const client = graphClientFor(local, { retry: false });
      const ravi = fixture.users[1]!;
      const url = (who: string, i: number) =>
        `/users/${who}/calendarView?startDateTime=${window.startDateTime}&endDateTime=${window.endDateTime}&i=${i}`;
      const res = await client.api("/$batch").post({
        requests: [0, 1, 2, 3, 4].map((i) => ({
          id: String(i),
          method: "GET",
          url: url(i % 2 ? ravi.id : RAVI, i),
        })),
      });
      const statuses = (res.responses as { status: number }[]).map((r) => r.status).sort();
      expect(statuses).toEqual([200, 200, 200, 200, 429]);
      expect(
        new Set(
          local
            .requests()
            .filter((r) => r.kind === "graph")
            .map((r) => r.mailbox),
        ),
      ).toEqual(new Set([ravi.id]));
    } finally {
      await local.close();
    }
  });
});
