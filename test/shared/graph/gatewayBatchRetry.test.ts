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

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ fixture: STAND_IN_FIXTURE, areas: [], routes: [flaky] });
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
});
