// The whole scan through its real parts: the local Functions host loading dist/ as the real host does, two
// worker processes draining the shard queue in Azurite, the simulator over HTTPS — checked pair by pair
// against the generated tenant's planted ground truth.
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningHost, startHost } from "../../dev/host/startHost.js";
import { localAppSettings } from "../../dev/localAppSettings.js";
import { scanThroughHost } from "../../dev/scanThroughHost.js";
import { generateTenant } from "../../dev/sim/generate/generateTenant.js";
import { type Simulator, startSimulator } from "../../dev/sim/server.js";
import { type AzuriteHandle, startAzurite } from "../../dev/storage/startAzurite.js";
import { ScanStore } from "../../shared/store/scanStore.js";

const MASTER_KEY = "integration-master-key";
const tenant = generateTenant({ users: 400, seed: 11 });

let azurite: AzuriteHandle;
let sim: Simulator;
let host: RunningHost;
const logs: string[] = [];

beforeAll(async () => {
  // Its own Azurite: another suite's host draining the same scan queue would steal these shards.
  azurite = await startAzurite();
  sim = await startSimulator({ fixture: tenant.fixture, port: 0 });
  host = await startHost({
    appDir: resolve(import.meta.dirname, "../.."),
    port: 0,
    workers: 2,
    env: localAppSettings({
      storage: azurite.connectionString,
      sim,
      now: tenant.fixture.now,
      masterKey: MASTER_KEY,
    }),
    log: (line) => logs.push(line),
  });
}, 120_000);

afterAll(async () => {
  await host?.close();
  await sim?.close();
  await azurite?.stop();
});

describe("scan fan-out (dev/host + Azurite + simulator)", () => {
  it("refuses to start a scan without the master key", async () => {
    expect((await fetch(`${host.url}/api/scans`, { method: "POST" })).status).toBe(401);
  });

  it("answers 202 with the run and where to follow it", async () => {
    const started = await fetch(`${host.url}/api/scans`, {
      method: "POST",
      headers: { "x-functions-key": MASTER_KEY },
    });
    expect(started.status).toBe(202);
    const run = (await started.json()) as { runId: string; state: string; shardsTotal: number };
    // The directory and the shards are prepared behind the queue.
    expect(run).toMatchObject({ state: "preparing" });
    const location = started.headers.get("location");
    expect(location).toBe(`${host.url}/api/scans/${encodeURIComponent(run.runId)}`);
    const status = await fetch(location!, { headers: { "x-functions-key": MASTER_KEY } });
    expect(status.status).toBe(200);
    expect(await status.json()).toMatchObject({ runId: run.runId });
    const unknown = await fetch(`${host.url}/api/scans/nope`, { headers: { "x-functions-key": MASTER_KEY } });
    expect(unknown.status).toBe(404);
  });

  it("classifies every pair of a generated tenant as planted", async () => {
    const run = await scanThroughHost(host.url, MASTER_KEY);
    expect(run.state).toBe("complete");
    expect(run.shardsDone).toBe(run.shardsTotal);
    expect(run.errors).toEqual([]);

    const store = await ScanStore.open(azurite.connectionString);
    const pairs = await store.listPairs(run.runId);
    const got = new Map(pairs.map((p) => [`${p.managerId}/${p.reportId}`, p]));
    const mismatches: string[] = [];
    for (const t of tenant.truth.pairs) {
      const p = got.get(`${t.managerId}/${t.reportId}`);
      if (p?.status === t.status) continue;
      mismatches.push(
        `${t.managerUpn} → ${t.reportUpn}: planted ${t.status} (${t.why}), got ${p?.status} (${p?.reason})`,
      );
    }
    expect(mismatches).toEqual([]);
    expect(pairs).toHaveLength(tenant.truth.pairs.length);
    // Series whose occurrences since the lookback are all cancelled were confirmed from their masters.
    const allCancelled = tenant.truth.pairs.filter((t) => /every occurrence .* cancelled/.test(t.why));
    expect(allCancelled.length).toBeGreaterThan(0);
    expect(pairs.every((p) => p.seriesToConfirm === undefined)).toBe(true);
    // Each shard was recorded once, by whichever of the two workers took it.
    const recorded = logs.filter(
      (l) => l.includes(`scan ${run.runId} shard`) && l.includes("pairs recorded"),
    );
    expect(recorded).toHaveLength(run.shardsTotal);
  }, 300_000);
});
