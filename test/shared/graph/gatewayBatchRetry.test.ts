// Retries inside `$batch`, against the simulator's core with stand-in routes that fail on cue.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../../dev/sim/server.js";
import { simulatorGateway } from "../../../dev/sim/simulatorGateway.js";
import { GraphError, type GraphRoute } from "../../../dev/sim/types.js";
import { STAND_IN_FIXTURE } from "../../helpers/standInTenant.js";

/** `/flaky/{id}?fail=N&status=S&retryAfter=R`: the first N calls per id fail with S (and Retry-After R), then 200. */
const calls = new Map<string, number>();
const flaky: GraphRoute = {
  method: "GET",
  pattern: "/flaky/{id}",
  permissions: ["User.Read.All"],
  handler: (req) => {
    const id = req.params.id!;
    const n = (calls.get(id) ?? 0) + 1;
    calls.set(id, n);
    if (n <= Number(req.query.get("fail") ?? "0")) {
      const retryAfter = req.query.get("retryAfter");
      throw new GraphError(
        Number(req.query.get("status") ?? "429"),
        "TooManyRequests",
        "Too many requests.",
        retryAfter ? { "Retry-After": retryAfter } : {},
      );
    }
    return { status: 200, body: { id, call: n } };
  },
};

/** The same for writes: POST/PATCH/DELETE `/flaky/{id}` fail their first N calls per method and id. */
const flakyWrites: GraphRoute[] = (["POST", "PATCH", "DELETE"] as const).map((method) => ({
  ...flaky,
  method,
  handler: (req) => flaky.handler({ ...req, params: { id: `${method} ${req.params.id!}` } }),
}));

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ fixture: STAND_IN_FIXTURE, areas: [], routes: [flaky, ...flakyWrites] });
});
afterAll(async () => {
  await sim?.close();
});

function gateway(sleeps: number[], maxAttempts = 5) {
  return simulatorGateway(sim, {
    maxAttempts,
    baseDelayMs: 100,
    random: () => 0,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
}

describe("gateway.batch", () => {
  it("re-sends only the throttled requests, once, after the largest Retry-After", async () => {
    calls.clear();
    sim.clearRequests();
    const sleeps: number[] = [];
    const g = gateway(sleeps);
    const results = await g.batch([
      { method: "GET", url: "/flaky/a?fail=1&retryAfter=2" },
      { method: "GET", url: "/flaky/b?fail=1&retryAfter=7.5" },
      { method: "GET", url: "/flaky/c" },
    ]);
    expect(results.map((r) => r.ok && r.body)).toEqual([
      { id: "a", call: 2 },
      { id: "b", call: 2 },
      { id: "c", call: 1 },
    ]);
    expect(sleeps).toEqual([7500]);
    const envelopes = sim.requests().filter((r) => r.kind === "batch");
    expect(envelopes).toHaveLength(2);
    const second = sim.requests().filter((r) => r.batchId === envelopes[1]!.requestId);
    expect(second.map((r) => r.url).sort()).toEqual([
      "/flaky/a?fail=1&retryAfter=2",
      "/flaky/b?fail=1&retryAfter=7.5",
    ]);
    expect(g.stats()).toMatchObject({ batches: 2, httpRequests: 2, requests: 5, retries: 2, throttled: 2 });
  });

  it("backs off exponentially when a 503 gives no Retry-After, then reports GRAPH.UNAVAILABLE for that request only", async () => {
    calls.clear();
    const sleeps: number[] = [];
    const results = await gateway(sleeps, 3).batch([
      { method: "GET", url: "/flaky/d?fail=9&status=503" },
      { method: "GET", url: "/flaky/e?fail=1&status=504" },
    ]);
    // Jitter 0 gives half of each step: 100 ms then 200 ms.
    expect(sleeps).toEqual([50, 100]);
    const [d, e] = results;
    expect(d?.ok === false && d.error.code).toBe("GRAPH.UNAVAILABLE");
    expect(e?.ok && e.body).toEqual({ id: "e", call: 2 });
  });

  it("gives GRAPH.THROTTLED when a request stays throttled past maxAttempts", async () => {
    calls.clear();
    const sleeps: number[] = [];
    const [only] = await gateway(sleeps, 2).batch([{ method: "GET", url: "/flaky/f?fail=9&retryAfter=1" }]);
    expect(only?.ok === false && only.error.code).toBe("GRAPH.THROTTLED");
    expect(only?.ok === false && only.status).toBe(429);
    expect(sleeps).toEqual([1000]);
  });

  it("retries a throttled top-level request honouring Retry-After", async () => {
    calls.clear();
    const sleeps: number[] = [];
    const g = gateway(sleeps);
    expect(await g.get("/flaky/g?fail=2&retryAfter=0.25")).toEqual({ id: "g", call: 3 });
    expect(sleeps).toEqual([250, 250]);
    expect(g.stats()).toMatchObject({ requests: 3, httpRequests: 3, retries: 2, throttled: 2 });
  });

  it("re-sends a write answered 503/504 only when it may run twice; a throttled write always", async () => {
    calls.clear();
    const sleeps: number[] = [];
    const results = await gateway(sleeps).batch([
      { method: "POST", url: "/flaky/p1?fail=1&status=503", body: { subject: "no transactionId" } },
      { method: "POST", url: "/flaky/p2?fail=1&status=504", body: { transactionId: "t-2" } },
      { method: "POST", url: "/flaky/p3?fail=1&status=429&retryAfter=0.1", body: { subject: "throttled" } },
      { method: "PATCH", url: "/flaky/p4?fail=1&status=503", body: { subject: "x" } },
      {
        method: "PATCH",
        url: "/flaky/p5?fail=1&status=503",
        body: { expirationDateTime: "x" },
        retrySafe: true,
      },
      { method: "DELETE", url: "/flaky/p6?fail=1&status=504" },
      { method: "POST", url: "/flaky/p7?fail=1&status=503", body: { schedules: [] }, retrySafe: true },
    ]);
    expect(results.map((r) => (r.ok ? "ok" : r.error.code))).toEqual([
      "GRAPH.UNAVAILABLE",
      "ok",
      "ok",
      "GRAPH.UNAVAILABLE",
      "ok",
      "ok",
      "ok",
    ]);
    expect(results[0]!.status).toBe(503);
    // Each id's handler saw the write exactly as often as the gateway sent it.
    expect(Object.fromEntries(calls)).toEqual({
      "POST p1": 1,
      "POST p2": 2,
      "POST p3": 2,
      "PATCH p4": 1,
      "PATCH p5": 2,
      "DELETE p6": 2,
      "POST p7": 2,
    });
  });

  it("retries a top-level POST on 503 only with a transactionId, and on 429 always", async () => {
    calls.clear();
    const sleeps: number[] = [];
    const g = gateway(sleeps);
    await expect(g.post("/flaky/q1?fail=1&status=503", { subject: "plain" })).rejects.toMatchObject({
      code: "GRAPH.UNAVAILABLE",
      status: 503,
    });
    expect(await g.post("/flaky/q2?fail=2&status=504", { transactionId: "t-q2" })).toEqual({
      id: "POST q2",
      call: 3,
    });
    expect(await g.post("/flaky/q3?fail=1&status=429&retryAfter=0.1", { subject: "plain" })).toEqual({
      id: "POST q3",
      call: 2,
    });
    await expect(g.patch("/flaky/q4?fail=1&status=503", { subject: "x" })).rejects.toMatchObject({
      code: "GRAPH.UNAVAILABLE",
    });
    expect(await g.patch("/flaky/q5?fail=1&status=503", { subject: "x" }, { retrySafe: true })).toEqual({
      id: "PATCH q5",
      call: 2,
    });
    await g.delete("/flaky/q6?fail=1&status=504");
    expect(Object.fromEntries(calls)).toEqual({
      "POST q1": 1,
      "POST q2": 3,
      "POST q3": 2,
      "PATCH q4": 1,
      "PATCH q5": 2,
      "DELETE q6": 2,
    });
    expect(g.stats()).toMatchObject({ retries: 5, throttled: 1 });
  });

  it("under injected 503s re-sends the GET until attempts run out but sends the plain POST once", async () => {
    calls.clear();
    sim.setProfile({ seed: 2, faults: { status503: 1 } });
    sim.clearRequests();
    try {
      const results = await gateway([], 3).batch([
        { method: "GET", url: "/flaky/r1" },
        { method: "POST", url: "/flaky/r2", body: { subject: "plain" } },
      ]);
      expect(results.map((r) => !r.ok && r.error.code)).toEqual(["GRAPH.UNAVAILABLE", "GRAPH.UNAVAILABLE"]);
      const inner = sim.requests().filter((r) => r.kind === "graph");
      expect(inner.filter((r) => r.url === "/flaky/r1")).toHaveLength(3);
      expect(inner.filter((r) => r.url === "/flaky/r2")).toHaveLength(1);
    } finally {
      sim.setProfile({});
    }
  });
});
