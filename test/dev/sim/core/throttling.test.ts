import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { profileSchema } from "../../../../dev/sim/core/profile.js";
import { TrafficShaper } from "../../../../dev/sim/core/shaper.js";
import { createTrustingFetch } from "../../../../dev/sim/core/trustingFetch.js";
import { type Simulator, startSimulator } from "../../../../dev/sim/server.js";
import { ADA_ID, BO_ID, STAND_IN_FIXTURE, standInRoutes } from "../../../helpers/standInTenant.js";

let sim: Simulator;
let wallNow = Date.parse("2026-11-25T08:00:00Z");
let token: string;
const view = "startDateTime=2026-11-01T00:00:00Z&endDateTime=2026-11-30T00:00:00Z";

beforeAll(async () => {
  sim = await startSimulator({
    fixture: STAND_IN_FIXTURE,
    areas: [],
    routes: standInRoutes,
    wallClock: () => wallNow,
  });
  token = await sim.identity.issueToken(sim.clientId, "graph", { lifetimeSeconds: 10 * 24 * 3600 });
});
afterAll(() => sim.close());
afterEach(() => {
  sim.setProfile({});
  sim.hooks.beforeHandler = undefined;
});

const get = (path: string) =>
  createTrustingFetch(sim.caPem)(`${sim.urls.graph}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });

describe("Outlook-like throttling", () => {
  it("lets 4 concurrent requests on one mailbox through and answers the 5th with 429 MailboxConcurrency", async () => {
    sim.setProfile({ mailboxConcurrency: 4, retryAfterSeconds: 2.5 });
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let held = 0;
    let allHeld!: () => void;
    const fourHeld = new Promise<void>((r) => {
      allHeld = r;
    });
    sim.hooks.beforeHandler = async () => {
      if (++held === 4) allHeld();
      await gate;
    };
    const first4 = [0, 1, 2, 3].map((i) => get(`/users/${BO_ID}/calendarView?${view}&i=${i}`));
    await fourHeld;
    const fifth = await get(`/users/${BO_ID}/calendarView?${view}&i=4`);
    // Other mailboxes have their own allowance.
    const otherMailbox = get(`/users/${ADA_ID}/calendarView?${view}`);
    expect(fifth.status).toBe(429);
    expect(fifth.headers.get("retry-after")).toBe("2.5");
    expect(await fifth.json()).toMatchObject({ error: { code: "ApplicationThrottled" } });
    release();
    expect((await Promise.all(first4)).map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect((await otherMailbox).status).toBe(200);
    // Once they finished, the mailbox accepts requests again.
    sim.hooks.beforeHandler = undefined;
    expect((await get(`/users/${BO_ID}/calendarView?${view}&i=5`)).status).toBe(200);
  });

  it("enforces a request budget per app and mailbox per window, with Retry-After until the window ends", async () => {
    sim.setProfile({ budget: { requests: 3, windowMs: 60_000 } });
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await get(`/users/${BO_ID}/calendarView?${view}&i=${i}`)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    wallNow += 20_000;
    const throttled = await get(`/users/${BO_ID}/calendarView?${view}`);
    expect(throttled.headers.get("retry-after")).toBe("40");
    expect((await get(`/users/${ADA_ID}/calendarView?${view}`)).status).toBe(200);
    expect((await get(`/users/${ADA_ID}`)).status).toBe(200); // directory calls are not mailbox-scoped
    wallNow += 40_000;
    expect((await get(`/users/${BO_ID}/calendarView?${view}`)).status).toBe(200);
  });

  it("throttles a seeded share of requests regardless of load", async () => {
    const run = async () => {
      sim.setProfile({ seed: 3, throttleRate: 0.3 });
      const out = [];
      for (let i = 0; i < 20; i++) out.push((await get(`/users/${ADA_ID}?i=${i}`)).status);
      return out;
    };
    const a = await run();
    expect(a).toEqual(await run());
    expect(a.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(a.filter((s) => s === 200).length).toBeGreaterThan(0);
  });
});

describe("fault injection", () => {
  const outcomes = async (seed: number) => {
    sim.setProfile({ seed, faults: { status503: 0.2, status504: 0.1, reset: 0.1 } });
    const out: (number | "reset")[] = [];
    for (let i = 0; i < 40; i++) {
      out.push(
        await get(`/users/${ADA_ID}?i=${i}`).then(
          (r) => r.status,
          () => "reset" as const,
        ),
      );
    }
    return out;
  };

  it("replays the same 503/504/reset pattern for the same seed, and another for another seed", async () => {
    const a = await outcomes(11);
    expect(await outcomes(11)).toEqual(a);
    expect(a).toContain(503);
    expect(a).toContain(504);
    expect(await outcomes(12)).not.toEqual(a);
    expect(sim.counters().faults).toBeGreaterThan(0);
  });

  it("drops the connection without an answer for a reset fault", async () => {
    sim.setProfile({ faults: { reset: 1 } });
    await expect(get(`/users/${ADA_ID}`)).rejects.toThrow();
    expect(sim.requests().at(-1)).toMatchObject({ status: 0, url: `/users/${ADA_ID}` });
  });

  it("repeats of the same request draw again, so a retry can succeed", async () => {
    sim.setProfile({ seed: 5, faults: { status503: 0.5 } });
    const statuses = [];
    for (let i = 0; i < 12; i++) statuses.push((await get(`/users/${ADA_ID}`)).status);
    expect(new Set(statuses)).toEqual(new Set([200, 503]));
  });
});

describe("latency model", () => {
  it("draws log-normal latencies reproducibly with the configured median and p99", () => {
    const draw = (seed: number) => {
      const shaper = new TrafficShaper(profileSchema.parse({ seed, latency: { medianMs: 80, p99Ms: 400 } }));
      return Array.from({ length: 4000 }, (_, i) => {
        const a = shaper.admit({ appId: "app", mailbox: undefined, fingerprint: `GET /users/${i}` });
        if (a.kind !== "admitted") throw new Error("unexpected throttling");
        a.release();
        return a.latencyMs;
      });
    };
    const latencies = draw(1);
    expect(draw(1)).toEqual(latencies);
    const sorted = [...latencies].sort((x, y) => x - y);
    expect(sorted[2000]!).toBeGreaterThan(70);
    expect(sorted[2000]!).toBeLessThan(90);
    expect(sorted[3960]!).toBeGreaterThan(320);
    expect(sorted[3960]!).toBeLessThan(500);
  });

  it("is off by default: no latency, faults or throttling", () => {
    const profile = profileSchema.parse({});
    expect(profile).toMatchObject({ mailboxConcurrency: null, budget: null, latency: null, throttleRate: 0 });
    expect(profile.faults).toEqual({
      status503: 0,
      status504: 0,
      reset: 0,
      timeout: 0,
      truncated: 0,
      malformed: 0,
    });
    expect(profile.throttleWithoutRetryAfter).toBe(0);
    expect(profile.applyTo).toEqual(["graph"]);
  });
});
