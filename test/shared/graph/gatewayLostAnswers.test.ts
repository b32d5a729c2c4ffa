// Answers lost after Graph applied the request — held past the client's timeout, cut mid-body, or not JSON — as the
// gateway meets them: reads and retry-safe writes go again, top-level and as a whole $batch; a plain POST is sent
// once and fails with a typed error; a 429 without Retry-After backs off exponentially up to the cap.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProfileInput } from "../../../dev/sim/core/profile.js";
import { type Simulator, startSimulator } from "../../../dev/sim/server.js";
import { simulatorGateway } from "../../../dev/sim/simulatorGateway.js";
import type { GraphRoute } from "../../../dev/sim/types.js";
import { STAND_IN_FIXTURE } from "../../helpers/standInTenant.js";

/** `/things/{id}`: GET reads it, POST adds one (a write that must not run twice). */
const applied: string[] = [];
const routes: GraphRoute[] = [
  {
    method: "GET",
    pattern: "/things/{id}",
    permissions: ["User.Read.All"],
    handler: (req) => ({ status: 200, body: { id: req.params.id, note: "x".repeat(200) } }),
  },
  {
    method: "POST",
    pattern: "/things/{id}",
    permissions: ["User.Read.All"],
    handler: (req) => {
      applied.push(req.params.id!);
      return { status: 201, body: { id: req.params.id, created: applied.length } };
    },
  },
];

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ fixture: STAND_IN_FIXTURE, areas: [], routes });
});
afterAll(() => sim?.close());

const gatewayWith = (sleeps: number[], maxAttempts = 4) =>
  simulatorGateway(sim, {
    maxAttempts,
    baseDelayMs: 100,
    maxDelayMs: 350,
    random: () => 0,
    timeoutMs: 1000,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });

async function under<T>(profile: ProfileInput, body: () => Promise<T>): Promise<T> {
  sim.setProfile(profile);
  sim.clearRequests();
  applied.length = 0;
  try {
    return await body();
  } finally {
    sim.setProfile({});
  }
}

const LOST: Record<string, ProfileInput> = {
  timeout: { faults: { timeout: 1 }, slowResponseMs: 20_000 },
  truncated: { faults: { truncated: 1 } },
  malformed: { faults: { malformed: 1 } },
};

describe("lost answers", () => {
  for (const [kind, profile] of Object.entries(LOST)) {
    it(`${kind}: a GET is sent again until the attempts run out, then GRAPH.UNAVAILABLE`, async () => {
      const err = await under(profile, () => gatewayWith([], 3).get("/things/a")).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: "GRAPH.UNAVAILABLE" });
      expect(sim.requests().filter((r) => r.url === "/things/a")).toHaveLength(3);
    });

    it(`${kind}: a plain POST is sent once (it was applied) and fails typed; one with a transactionId goes again`, async () => {
      const err = await under(profile, () => gatewayWith([]).post("/things/p", { subject: "plain" })).catch(
        (e: unknown) => e,
      );
      expect(err).toMatchObject({ code: "GRAPH.UNAVAILABLE" });
      expect(applied).toEqual(["p"]);
      await under(profile, () => gatewayWith([], 3).post("/things/t", { transactionId: "t-1" })).catch(
        () => {},
      );
      expect(applied).toEqual(["t", "t", "t"]);
    });

    it(`${kind}: a $batch of reads whose answer is lost is sent again as a whole`, async () => {
      // Half the answers are lost: the batch goes again until one arrives.
      const results = await under({ seed: 3, ...profile, faults: scaled(profile, 0.5) }, () =>
        gatewayWith([], 10).batch([
          { method: "GET", url: "/things/b1" },
          { method: "GET", url: "/things/b2" },
        ]),
      );
      expect(results.map((r) => r.ok && (r.body as { id: string }).id)).toEqual(["b1", "b2"]);
      expect(sim.requests().filter((r) => r.kind === "batch").length).toBeGreaterThan(1);
    });
  }

  it("backs off exponentially, capped, when a 429 has no Retry-After", async () => {
    const sleeps: number[] = [];
    const err = await under({ throttleRate: 1, throttleWithoutRetryAfter: 1 }, () =>
      gatewayWith(sleeps, 5).get("/things/z"),
    ).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "GRAPH.THROTTLED" });
    // 100 ms doubling (no jitter here), capped at 350 ms.
    expect(sleeps).toEqual([50, 100, 175, 175]);
  });
});

function scaled(profile: ProfileInput, rate: number): NonNullable<ProfileInput["faults"]> {
  return Object.fromEntries(Object.keys(profile.faults ?? {}).map((k) => [k, rate]));
}
