// The faults that lose an answer after the request was applied, as a client sees them on the wire, and the
// profile's other knobs: 429 without Retry-After, the Bot Connector and token endpoints, `$batch` answers.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTrustingFetch } from "../../../../dev/sim/core/trustingFetch.js";
import { type Simulator, startSimulator } from "../../../../dev/sim/server.js";
import { ADA_ID, STAND_IN_FIXTURE, standInRoutes } from "../../../helpers/standInTenant.js";

let sim: Simulator;
let token: string;

beforeAll(async () => {
  sim = await startSimulator({ fixture: STAND_IN_FIXTURE, areas: [], routes: standInRoutes });
  token = await sim.identity.issueToken(sim.clientId, "graph", { lifetimeSeconds: 3600 });
});
afterAll(() => sim.close());
afterEach(() => {
  sim.setProfile({});
});

const send = (path: string, init: RequestInit = {}) =>
  createTrustingFetch(sim.caPem)(`${sim.urls.graph}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...init.headers },
  });

describe("answers lost after the request was applied", () => {
  it("truncated: promises the whole length, sends half, and closes the connection", async () => {
    sim.setProfile({ faults: { truncated: 1 } });
    const err = await send(`/users/${ADA_ID}`).catch((e: NodeJS.ErrnoException) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as NodeJS.ErrnoException).code).toBe("ECONNRESET");
    expect(sim.requests().at(-1)).toMatchObject({ status: 200, url: `/users/${ADA_ID}` });
    expect(sim.counters().injected.truncated).toBe(1);
  });

  it("malformed: a complete 200 whose body is not JSON", async () => {
    sim.setProfile({ faults: { malformed: 1 } });
    const res = await send(`/users/${ADA_ID}`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.startsWith("{")).toBe(true);
    expect(() => JSON.parse(text)).toThrow();
  });

  it("timeout: holds the answer past the client's patience; the client gives up first", async () => {
    sim.setProfile({ faults: { timeout: 1 }, slowResponseMs: 10_000 });
    const err = await send(`/users/${ADA_ID}`, { signal: AbortSignal.timeout(300) }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    // Applied and answered 200 on the simulator's side; the client never saw it.
    expect(sim.requests().at(-1)).toMatchObject({ status: 200, url: `/users/${ADA_ID}` });
    expect(sim.counters().injected.timeout).toBe(1);
  });

  it("a $batch answer draws its fault once, as a whole, after every entry ran", async () => {
    sim.setProfile({ faults: { malformed: 1 } });
    sim.clearRequests();
    const res = await send("/$batch", {
      method: "POST",
      body: JSON.stringify({
        requests: [
          { id: "1", method: "GET", url: `/users/${ADA_ID}` },
          { id: "2", method: "GET", url: `/users/${ADA_ID}?x=1` },
        ],
      }),
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(() => JSON.parse(text)).toThrow();
    const entries = sim.requests().filter((r) => r.batchId);
    expect(entries.map((r) => r.status)).toEqual([200, 200]);
    expect(sim.counters().injected).toEqual({ malformed: 1 });
  });
});

describe("the profile's other knobs", () => {
  it("sends a seeded share of 429s without Retry-After", async () => {
    sim.setProfile({ seed: 2, throttleRate: 1, throttleWithoutRetryAfter: 0.5, retryAfterSeconds: 0.5 });
    const headers: (string | null)[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await send(`/users/${ADA_ID}?i=${i}`);
      expect(res.status).toBe(429);
      headers.push(res.headers.get("retry-after"));
    }
    expect(headers).toContain(null);
    expect(headers).toContain("0.5");
    const { injected } = sim.counters();
    expect((injected.throttled ?? 0) + (injected.throttledWithoutRetryAfter ?? 0)).toBe(20);
  });

  it("leaves the Bot Connector and the token endpoint alone unless applyTo names them", async () => {
    const botToken = await sim.identity.issueToken(sim.clientId, "bot", { lifetimeSeconds: 3600 });
    const post = () =>
      createTrustingFetch(sim.caPem)(`${sim.teams.serviceUrl}v3/conversations/a:none/activities`, {
        method: "POST",
        headers: { authorization: `Bearer ${botToken}`, "content-type": "application/json" },
        body: JSON.stringify({ type: "message" }),
      });
    sim.setProfile({ faults: { status503: 1 } });
    expect((await post()).status).toBe(404);
    sim.setProfile({ faults: { status503: 1 }, applyTo: ["botConnector"] });
    expect((await post()).status).toBe(503);
    expect(sim.counters().injected["botConnector:status503"]).toBe(1);
    // Graph is then spared.
    expect((await send(`/users/${ADA_ID}`)).status).toBe(200);

    const tokenRequest = () =>
      createTrustingFetch(sim.caPem)(`${sim.urls.login}/${sim.tenantId}/oauth2/v2.0/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "client_credentials",
          client_id: sim.clientId,
          client_secret: sim.clientSecret,
          scope: "https://graph.microsoft.com/.default",
        }).toString(),
      });
    sim.setProfile({ throttleRate: 1, applyTo: ["token"] });
    expect((await tokenRequest()).status).toBe(429);
    sim.setProfile({});
    expect((await tokenRequest()).status).toBe(200);
  });
});
