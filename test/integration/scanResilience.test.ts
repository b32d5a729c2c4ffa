// The scan's answer must not depend on Graph's bad moments: throttling and 503s are retried, per request,
// inside $batch too, until the result equals a clean run's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateTenant } from "../../dev/sim/generate/generateTenant.js";
import { type Simulator, startSimulator } from "../../dev/sim/server.js";
import { simulatorGateway } from "../../dev/sim/simulatorGateway.js";
import { scanGraphFromGateway } from "../../shared/composition/scanGraphFromGateway.js";
import { defaultCadencePolicy } from "../../shared/domain/cadencePolicy.js";
import { MemoryScanStore } from "../../shared/store/memoryScanStore.js";
import { runScanInProcess } from "../../shared/usecases/runScanInProcess.js";

const tenant = generateTenant({ users: 300, seed: 5 });
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ fixture: tenant.fixture, port: 0 });
});
afterAll(async () => {
  await sim?.close();
});

async function scan() {
  const gateway = simulatorGateway(sim, {
    // 35% of attempts fail here; 20 attempts make giving up (0.35^20) practically impossible.
    maxAttempts: 20,
    baseDelayMs: 5,
    maxDelayMs: 50,
  });
  const store = new MemoryScanStore();
  const run = await runScanInProcess({
    graph: scanGraphFromGateway(gateway),
    store,
    clock: { now: () => new Date(tenant.fixture.now) },
    policy: defaultCadencePolicy,
    runSuffix: () => "resilience",
  });
  const pairs = (await store.listPairs(run.runId)).sort((a, b) =>
    `${a.managerId}/${a.reportId}`.localeCompare(`${b.managerId}/${b.reportId}`),
  );
  return { run, pairs, stats: gateway.stats() };
}

describe("scan under throttling and faults", () => {
  it("gives the same result with 30% of requests throttled and 5% failing with 503", async () => {
    sim.setProfile({});
    const clean = await scan();
    expect(clean.stats.retries).toBe(0);

    sim.setProfile({ seed: 7, throttleRate: 0.3, faults: { status503: 0.05 }, retryAfterSeconds: 0.01 });
    const rough = await scan();
    sim.setProfile({});

    expect(rough.stats.throttled).toBeGreaterThan(0);
    expect(rough.stats.retries).toBeGreaterThan(0);
    expect(rough.run.errors).toEqual([]);
    expect(rough.run.counts).toEqual(clean.run.counts);
    expect(rough.pairs).toEqual(clean.pairs);
  }, 180_000);
});
