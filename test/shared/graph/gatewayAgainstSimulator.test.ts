// The gateway and its readers against the tenant simulator over real HTTPS, with the real msal-node and Graph SDK.
import type { Event } from "@microsoft/microsoft-graph-types";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { calendarRoutes } from "../../../dev/sim/calendar/calendarRoutes.js";
import { CalendarStore } from "../../../dev/sim/calendar/calendarStore.js";
import { makeSimulatorCertificate } from "../../../dev/sim/core/certificate.js";
import { Directory } from "../../../dev/sim/directory/directory.js";
import { directoryRoutes } from "../../../dev/sim/directory/directoryRoutes.js";
import { type Simulator, type StartSimulatorOptions, startSimulator } from "../../../dev/sim/server.js";
import { simulatorGateway } from "../../../dev/sim/simulatorGateway.js";
import type { AreaFactory } from "../../../dev/sim/tenant.js";
import { createGraphGateway, type GraphGatewayOptions } from "../../../shared/graph/createGraphGateway.js";
import { listUsers } from "../../../shared/graph/listUsers.js";
import { readCalendarViews } from "../../../shared/graph/readCalendarViews.js";
import { readEvents } from "../../../shared/graph/readEvents.js";
import { readUsersDelta } from "../../../shared/graph/readUsersDelta.js";
import type { GraphGateway } from "../../../shared/graph/types.js";
import type { KeyedResult } from "../../../shared/usecases/ports/keyedResult.js";
import { ADA, BO, CY, smallTenant, WINDOW } from "./smallTenant.js";

const CALENDAR_SELECT =
  "id,iCalUId,type,seriesMasterId,start,end,isAllDay,isCancelled,organizer,attendees,responseStatus,createdDateTime";
const USERS_URL =
  "/users?$top=999&$select=id,displayName,userPrincipalName,mail,department,accountEnabled&$expand=manager($select=id)";

// The directory and calendar areas, named explicitly so the test does not depend on the simulator's defaults.
// The latest simulator's directory, so delta tests can change the org chart the way Entra would.
let directory: Directory;
const areas: AreaFactory[] = [
  (ctx) => {
    directory = Directory.fromFixture(ctx.fixture.users, { clock: ctx.clock, ids: ctx.ids });
    const store = CalendarStore.fromFixture(ctx.fixture.events, {
      directory,
      clock: ctx.clock,
      ids: ctx.ids,
    });
    return [...directoryRoutes(directory), ...calendarRoutes(store)];
  },
];
const simulate = (opts: StartSimulatorOptions) => startSimulator({ areas, ...opts });

let sim: Simulator;
const certificate = makeSimulatorCertificate();
const CERT_APP = "c0000000-0000-4000-8000-00000000c0de";

beforeAll(async () => {
  sim = await simulate({
    fixture: smallTenant(),
    seed: 3,
    apps: [{ clientId: CERT_APP, certificatePem: certificate.certPem, roles: ["User.Read.All"] }],
  });
});
afterAll(async () => {
  await sim?.close();
});
beforeEach(() => {
  sim.setProfile({});
  sim.clearRequests();
});

const sleeps: number[] = [];
function gatewayFor(extra: Partial<GraphGatewayOptions> = {}): GraphGateway {
  return simulatorGateway(sim, {
    baseDelayMs: 1,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
      await new Promise((resolve) => setTimeout(resolve, Math.min(ms, 20)));
    },
    ...extra,
  });
}

/** `$batch` envelopes; the requests inside them are recorded as `graph` with their envelope's `batchId`. */
const envelopes = () => sim.requests().filter((r) => r.kind === "batch");
const entries = () => sim.requests().filter((r) => r.kind === "graph" && r.batchId !== undefined);
const topLevel = () => sim.requests().filter((r) => r.kind === "graph" && r.batchId === undefined);
const mailboxesOf = (n: number) => [
  ADA,
  BO,
  ...smallTenant(n)
    .users.slice(3)
    .map((u) => u.id),
];

function eventsOf(result: Map<string, KeyedResult<Event[]>>, mailbox: string): Event[] {
  const r = result.get(mailbox);
  if (!r?.ok) throw new Error(`no events for ${mailbox}: ${r?.ok === false ? r.error.message : "missing"}`);
  return r.value;
}

describe("directory", () => {
  it("reads all users with their manager in ceil(N/100) pages (Graph's cap with $expand), with exactly the $select the scan needs", async () => {
    const big = await simulate({ fixture: smallTenant(1100), seed: 4 });
    try {
      const gateway = simulatorGateway(big);
      const users = await listUsers(gateway);
      expect(users).toHaveLength(1103);
      const urls = big
        .requests()
        .filter((r) => r.kind === "graph")
        .map((r) => r.url);
      expect(urls).toHaveLength(12);
      expect(urls[0]).toBe(USERS_URL);
      for (const next of urls.slice(1)) expect(next).toMatch(/^\/users\?.*\$skiptoken=/);
      const byId = new Map(users.map((u) => [u.id, u]));
      expect(byId.get(BO)?.manager?.id).toBe(ADA);
      expect(byId.get(ADA)?.manager ?? null).toBeNull();
      expect(Object.keys(byId.get(BO)!).sort()).toEqual(
        ["accountEnabled", "department", "displayName", "id", "mail", "manager", "userPrincipalName"].sort(),
      );
      expect(gateway.stats()).toMatchObject({
        requests: 12,
        httpRequests: 12,
        batches: 0,
        retries: 0,
        tokenRequests: 1,
      });
    } finally {
      await big.close();
    }
  });
  it("retries top-level requests after resets and 503s with one fresh Authorization header each time", async () => {
    const clean = await listUsers(gatewayFor());
    sim.setProfile({ seed: 21, faults: { reset: 0.3, status503: 0.3 } });
    sim.clearRequests();
    const gateway = gatewayFor();
    for (let i = 0; i < 4; i++) expect(await listUsers(gateway)).toEqual(clean);
    expect(sim.counters().faults).toBeGreaterThan(0);
    expect(gateway.stats().retries).toBeGreaterThan(0);
    // A doubled "Bearer a, Bearer a" header would have been refused with 401.
    expect(sim.requests().some((r) => r.status === 401)).toBe(false);
  });
});

describe("calendarView", () => {
  it("reads 45 one-page calendars in ceil(45/20) = 3 batches with the exact URL, select and UTC times", async () => {
    const gateway = gatewayFor();
    const mailboxes = mailboxesOf(43);
    const result = await readCalendarViews(gateway, mailboxes, WINDOW);

    expect(envelopes()).toHaveLength(3);
    expect(entries()).toHaveLength(45);
    expect(topLevel()).toHaveLength(0);
    const adaEntry = entries().find((e) => e.mailbox?.toLowerCase() === ADA);
    expect(adaEntry?.url).toBe(
      `/users/${ADA}/calendarView?startDateTime=2026-08-27T00:00:00.000Z&endDateTime=2026-12-30T00:00:00.000Z` +
        `&$select=${CALENDAR_SELECT}&$top=1000`,
    );

    const ada = eventsOf(result, ADA);
    // Bi-weekly Tuesdays from 1 Sep to 22 Dec are 9; the organizer cancelled 13 Oct, so it is gone from her view.
    const occurrences = ada.filter((e) => e.type === "occurrence");
    expect(occurrences).toHaveLength(8);
    expect(ada).toHaveLength(9);
    expect(occurrences.every((e) => e.seriesMasterId === occurrences[0]!.seriesMasterId)).toBe(true);
    expect(occurrences[0]!.start).toEqual({ dateTime: "2026-09-01T08:00:00.0000000", timeZone: "UTC" });
    for (const event of ada) {
      const allowed = new Set([...CALENDAR_SELECT.split(","), "@odata.etag"]);
      expect(Object.keys(event).filter((k) => !allowed.has(k))).toEqual([]);
    }
    expect(eventsOf(result, BO).some((e) => e.type === "singleInstance")).toBe(true);
    expect(mailboxes.every((m) => result.get(m)?.ok)).toBe(true);
    expect(gateway.stats()).toMatchObject({ batches: 3, httpRequests: 3, requests: 45, retries: 0 });
  });

  it("gives a mailbox without Exchange a typed failure while the others succeed", async () => {
    const result = await readCalendarViews(gatewayFor(), [ADA, CY, BO], WINDOW);
    const cy = result.get(CY);
    expect(cy?.ok).toBe(false);
    if (cy?.ok === false) {
      expect(cy.error.code).toBe("GRAPH.MAILBOX_NOT_ENABLED");
      expect(cy.error.status).toBe(404);
    }
    expect(eventsOf(result, ADA).length).toBeGreaterThan(0);
    expect(eventsOf(result, BO).length).toBeGreaterThan(0);
  });

  it("follows each mailbox's pages in later batches, never two pages of one mailbox in a batch", async () => {
    const clean = await readCalendarViews(gatewayFor(), [ADA, BO], WINDOW);
    sim.clearRequests();
    const paged = await readCalendarViews(gatewayFor(), [ADA, BO, CY], WINDOW, { pageSize: 2 });
    expect(eventsOf(paged, ADA)).toEqual(eventsOf(clean, ADA));
    expect(eventsOf(paged, BO)).toEqual(eventsOf(clean, BO));

    const byBatch = new Map<string, string[]>();
    for (const e of entries())
      byBatch.set(e.batchId!, [...(byBatch.get(e.batchId!) ?? []), e.mailbox!.toLowerCase()]);
    // Ada: 9 events at 2 a page = 5 requests, each in its own batch.
    expect(entries().filter((e) => e.mailbox?.toLowerCase() === ADA)).toHaveLength(5);
    expect(byBatch.size).toBe(5);
    for (const mailboxes of byBatch.values()) expect(new Set(mailboxes).size).toBe(mailboxes.length);
    // Follow-up pages are sent relative and without /v1.0, and keep the select.
    const later = entries().filter((e) => e.url.includes("$skiptoken="));
    expect(later.length).toBeGreaterThan(0);
    for (const e of later) expect(e.url).toMatch(/^\/users\/[^/]+\/calendarView\?/);
  });

  it("retries 429s inside a batch after the largest Retry-After and ends identical to a clean run", async () => {
    const mailboxes = mailboxesOf(43);
    const clean = await readCalendarViews(gatewayFor(), mailboxes, WINDOW);
    sim.setProfile({ seed: 11, throttleRate: 0.3, retryAfterSeconds: 0.05 });
    sim.clearRequests();
    sleeps.length = 0;
    const gateway = gatewayFor();
    const throttled = await readCalendarViews(gateway, mailboxes, WINDOW);

    expect(throttled).toEqual(clean);
    const inner429 = entries().filter((r) => r.status === 429);
    expect(inner429.length).toBeGreaterThan(0);
    expect(gateway.stats().throttled).toBeGreaterThanOrEqual(inner429.length);
    expect(gateway.stats().retries).toBeGreaterThanOrEqual(inner429.length);
    // Every wait honoured Graph's Retry-After (50 ms), not the 1 ms backoff base.
    expect(sleeps.length).toBeGreaterThan(0);
    expect(sleeps.every((ms) => ms >= 50)).toBe(true);
    // Only the throttled requests are re-sent: every mailbox is answered 200 exactly once.
    const ok = entries().filter((r) => r.status === 200);
    expect(ok.map((r) => r.mailbox?.toLowerCase()).sort()).toEqual(
      mailboxes.map((m) => m.toLowerCase()).sort(),
    );
  });

  it("retries 503, 504 and connection resets and ends identical to a clean run", async () => {
    const mailboxes = mailboxesOf(43);
    const clean = await readCalendarViews(gatewayFor(), mailboxes, WINDOW);
    sim.setProfile({ seed: 5, faults: { status503: 0.2, status504: 0.1, reset: 0.05 } });
    sim.clearRequests();
    const gateway = gatewayFor();
    const faulty = await readCalendarViews(gateway, mailboxes, WINDOW);
    expect(faulty).toEqual(clean);
    const failures = sim.requests().filter((r) => r.status >= 500);
    expect(failures.length).toBeGreaterThan(0);
    expect(gateway.stats().retries).toBeGreaterThanOrEqual(failures.length);
  });

  it("gives up after maxAttempts with GRAPH.THROTTLED for that mailbox", async () => {
    sim.setProfile({ seed: 1, throttleRate: 1, retryAfterSeconds: 0.01 });
    const result = await readCalendarViews(gatewayFor({ maxAttempts: 3 }), [ADA], WINDOW);
    const ada = result.get(ADA);
    expect(ada?.ok === false && ada.error.code).toBe("GRAPH.THROTTLED");
  });
});

describe("series masters", () => {
  it("reads events by id, batched, never more than 4 of one mailbox in flight", async () => {
    const gateway = gatewayFor();
    const views = await readCalendarViews(gateway, [ADA, BO], WINDOW);
    const adaEvents = eventsOf(views, ADA);
    const masterId = adaEvents.find((e) => e.seriesMasterId)!.seriesMasterId!;
    sim.setProfile({ mailboxConcurrency: 4 });
    sim.clearRequests();
    const refs = [
      { mailbox: ADA, id: masterId },
      { mailbox: ADA, id: masterId },
      ...adaEvents.map((e) => ({ mailbox: ADA, id: e.id! })),
      { mailbox: ADA, id: "AAMkAGI2THVSAAA=" },
      { mailbox: BO, id: eventsOf(views, BO)[0]!.id! },
    ];
    const read = await readEvents(gateway, refs);
    expect(read).toHaveLength(refs.length);
    const master = read[0]!;
    expect(master.ok && master.value.type).toBe("seriesMaster");
    expect(master.ok && master.value.recurrence?.pattern?.interval).toBe(2);
    expect(master.ok && master.value.createdDateTime).toBeTruthy();
    // The scan's series confirmation reads which occurrences calendarView leaves out.
    expect(master.ok && master.value.cancelledOccurrences).toEqual(expect.any(Array));
    expect(read[1]).toEqual(master);
    const missing = read.at(-2)!;
    expect(missing.ok === false && missing.error.code).toBe("GRAPH.NOT_FOUND");
    expect(read.at(-1)!.ok).toBe(true);
    // 11 distinct Ada refs (the master, 9 events, 1 unknown) plus Bo's: never more than 4 of Ada's at once, none refused.
    const perBatch = new Map<string, number>();
    for (const e of entries()) {
      if (e.mailbox?.toLowerCase() === ADA) perBatch.set(e.batchId!, (perBatch.get(e.batchId!) ?? 0) + 1);
    }
    expect(Math.max(...perBatch.values())).toBeLessThanOrEqual(4);
    expect(entries()).toHaveLength(12);
    expect(envelopes()).toHaveLength(3);
    expect(sim.requests().some((r) => r.status === 429)).toBe(false);
  });
});

describe("delta", () => {
  it("users: a full round, then an unchanged directory costs one request and returns nothing", async () => {
    const gateway = gatewayFor();
    const first = await readUsersDelta(gateway);
    expect(first.users.map((u) => u.id)).toContain(BO);
    expect(first.users.find((u) => u.id === BO)?.manager).toEqual({ id: ADA });
    sim.clearRequests();
    const second = await readUsersDelta(gateway, first.deltaLink);
    expect(second.users).toEqual([]);
    expect(topLevel()).toHaveLength(1);
    expect(second.deltaLink).toMatch(/\$deltatoken=/);
  });

  it("users: a manager change, a removed manager and a deleted user come back in the next round", async () => {
    const local = await simulate({ fixture: smallTenant(3), seed: 8 });
    try {
      const gateway = simulatorGateway(local);
      const first = await readUsersDelta(gateway);
      const [f1, f2, f3] = smallTenant(3)
        .users.slice(3)
        .map((u) => u.id);
      directory.setManager(BO, f1!);
      directory.setManager(f2!, null);
      directory.removeUser(f3!);
      const second = await readUsersDelta(gateway, first.deltaLink);
      const byId = new Map(second.users.map((u) => [u.id, u]));
      expect(byId.get(BO)?.manager).toEqual({ id: f1 });
      expect(byId.get(f2!)?.manager).toBeNull();
      expect(byId.get(f3!)?.["@removed"]).toBeDefined();
      expect(byId.has(ADA)).toBe(false);
    } finally {
      await local.close();
    }
  });
});

describe("auth", () => {
  it("asks the token endpoint once for many calls (msal's cache), even when they start together", async () => {
    const gateway = gatewayFor();
    await Promise.all([
      listUsers(gateway),
      listUsers(gateway),
      readCalendarViews(gateway, [ADA, BO], WINDOW),
    ]);
    await readUsersDelta(gateway);
    expect(sim.requests().filter((r) => r.kind === "token")).toHaveLength(1);
    expect(gateway.stats().tokenRequests).toBe(1);
  });

  it("authenticates with a certificate (thumbprint + private key)", async () => {
    const gateway = createGraphGateway({
      tenantId: sim.tenantId,
      clientId: CERT_APP,
      certificatePem: `${certificate.certPem}\n${certificate.keyPem}`,
      authorityHost: sim.urls.login,
      graphBaseUrl: sim.urls.graph,
      caPem: sim.caPem,
    });
    expect((await listUsers(gateway)).length).toBe(46);
  });

  it("a wrong secret fails with GRAPH.UNAUTHORIZED and says what to check", async () => {
    const gateway = gatewayFor({ clientSecret: "wrong" });
    await expect(listUsers(gateway)).rejects.toMatchObject({
      code: "GRAPH.UNAUTHORIZED",
      message: expect.stringMatching(/invalid_client.*check the tenant id, client id and secret/s),
    });
    await expect(readCalendarViews(gateway, [ADA], WINDOW)).rejects.toMatchObject({
      code: "GRAPH.UNAUTHORIZED",
    });
  });

  it("refuses a server its CA does not vouch for (TLS verification stays on)", async () => {
    const gateway = gatewayFor({ caPem: makeSimulatorCertificate().caPem });
    await expect(listUsers(gateway)).rejects.toMatchObject({
      code: "GRAPH.UNAVAILABLE",
      message: expect.stringMatching(/certificate/i),
    });
  });

  it("an unknown tenant fails with GRAPH.UNAUTHORIZED naming the authority's answer", async () => {
    const gateway = gatewayFor({ tenantId: "22222222-0000-4000-8000-000000000000" });
    await expect(listUsers(gateway)).rejects.toMatchObject({
      code: "GRAPH.UNAUTHORIZED",
      message: expect.stringMatching(/invalid_tenant.*AADSTS90002/s),
    });
  });
});
