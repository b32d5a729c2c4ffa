// Poison and malformed queue messages through the real parts: the local Functions host loading dist/, Azurite and
// the simulator over HTTPS. A malformed message on any queue goes to its poison queue at once with the reason
// logged (never the body) and the queue goes on; a prepare step that fails every delivery fails its run; a shard
// that fails every delivery is skipped, and the run completes with every other shard's pairs and says so.
import { resolve } from "node:path";
import { QueueClient } from "@azure/storage-queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningHost, startHost } from "../../dev/host/startHost.js";
import { localAppSettings } from "../../dev/localAppSettings.js";
import { scanThroughHost } from "../../dev/scanThroughHost.js";
import { generateTenant } from "../../dev/sim/generate/generateTenant.js";
import { type Simulator, startSimulator } from "../../dev/sim/server.js";
import { type AzuriteHandle, startAzurite } from "../../dev/storage/startAzurite.js";
import { ScanStore } from "../../shared/store/scanStore.js";
import type { ScanRun } from "../../shared/usecases/ports/scanRecords.js";

const MASTER_KEY = "poison-master-key";
const headers = { "x-functions-key": MASTER_KEY };
const tenant = generateTenant({ users: 300, seed: 23 });
const MAX_DEQUEUE = 5; // host.json

let azurite: AzuriteHandle;
let sim: Simulator;
let host: RunningHost;
const logs: string[] = [];

beforeAll(async () => {
  // Its own Azurite: another suite's host draining the same queues would take these messages.
  azurite = await startAzurite();
  sim = await startSimulator({ fixture: tenant.fixture, port: 0 });
  host = await startHost({
    appDir: resolve(import.meta.dirname, "../.."),
    port: 0,
    workers: 1,
    env: {
      ...localAppSettings({
        storage: azurite.connectionString,
        sim,
        now: tenant.fixture.now,
        masterKey: MASTER_KEY,
      }),
      // host.json's 30 s between deliveries, shortened as an app setting would on Azure.
      AzureFunctionsJobHost__extensions__queues__visibilityTimeout: "00:00:00.100",
      AzureFunctionsJobHost__extensions__queues__maxPollingInterval: "00:00:00.200",
    },
    log: (line) => logs.push(line),
  });
}, 120_000);

afterAll(async () => {
  await host?.close();
  await sim?.close();
  await azurite?.stop();
});

const queue = (name: string) => new QueueClient(azurite.connectionString, name);
const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

async function until(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function status(runId: string): Promise<ScanRun> {
  const res = await fetch(`${host.url}/api/scans/${encodeURIComponent(runId)}`, { headers });
  return (await res.json()) as ScanRun;
}

/** Which bodies a poison queue holds (peeked, so they stay for an admin). */
async function poisoned(name: string): Promise<string[]> {
  const q = queue(`${name}-poison`);
  if (!(await q.exists())) return [];
  const { peekedMessageItems } = await q.peekMessages({ numberOfMessages: 32 });
  return peekedMessageItems.map((m) => Buffer.from(m.messageText, "base64").toString("utf8"));
}

describe("poison and malformed queue messages (dev/host + Azurite + simulator)", () => {
  it("moves a malformed message on each queue to its poison queue at once, with the reason and not the body", async () => {
    const QUEUES = ["scan-prepare", "scan-shards", "series-plans", "subscription-upkeep"];
    // The marker stands for a name or an address a damaged message might carry: it must not reach the logs.
    const bodies = ["not json: secret-marker-41", JSON.stringify({ runId: 42, note: "secret-marker-42" })];
    for (const name of QUEUES) {
      await queue(name).createIfNotExists();
      for (const body of bodies) await queue(name).sendMessage(base64(body));
    }
    // A good message behind the bad ones on the same queue is still processed (no notification URL here: the
    // upkeep has nothing to do and succeeds).
    await queue("subscription-upkeep").sendMessage(base64(JSON.stringify({ recreate: [], reauthorize: [] })));

    for (const name of QUEUES) {
      await until(
        () =>
          logs.filter((l) => l.includes(`queue ${name}: message `) && l.includes(`moved to ${name}-poison`))
            .length === 2,
        `both malformed ${name} messages to be poisoned`,
      );
    }
    // The scan's poison triggers take theirs and say there is no run to record them in; the others stay for an
    // admin to look at (and move back, once fixed).
    for (const name of ["scan-prepare", "scan-shards"]) {
      await until(
        () =>
          logs.filter((l) => l.includes(`${name}-poison: message `) && l.includes("names no run")).length ===
          2,
        `${name}-poison to take both`,
      );
    }
    for (const name of ["series-plans", "subscription-upkeep"]) {
      await until(async () => (await poisoned(name)).length === 2, `${name}-poison to hold both`);
      expect((await poisoned(name)).sort()).toEqual([...bodies].sort());
    }
    await until(
      async () => (await queue("subscription-upkeep").getProperties()).approximateMessagesCount === 0,
      "the good upkeep message to be processed",
    );
    expect(logs.filter((l) => l.includes("secret-marker"))).toEqual([]);
    // Not retried: a malformed message never fails its function.
    expect(logs.filter((l) => /Executed 'Functions\.\w+' \(Failed/.test(l))).toEqual([]);
  }, 180_000);

  it("marks a run failed, with the reason, when its prepare step fails every delivery", async () => {
    // The directory cannot be read, however often the prepare step is delivered.
    sim.hooks.beforeHandler = (req) => {
      if (/\/users(\/delta)?\/?$/i.test(req.path)) throw new Error("injected directory outage");
    };
    try {
      const started = await fetch(`${host.url}/api/scans`, { method: "POST", headers });
      expect(started.status).toBe(202);
      const { runId } = (await started.json()) as ScanRun;
      await until(async () => (await status(runId)).state === "failed", "the run to fail");
      const run = await status(runId);
      expect(run.failure).toMatch(/prepare step .* failed every delivery/);
      expect(run.finishedAt).not.toBeNull();
      expect(logs.filter((l) => l.includes("Executed 'Functions.scanPrepare' (Failed"))).toHaveLength(
        MAX_DEQUEUE,
      );
      expect(logs.some((l) => l.includes(`scan ${runId} failed: `))).toBe(true);
      // Whoever follows a scan (the demo, scripts) hears of the failure instead of waiting for a completion.
      await expect(scanThroughHost(host.url, MASTER_KEY, { timeoutMs: 60_000 })).rejects.toThrow(
        /^scan \S+ failed: the prepare step/,
      );
    } finally {
      sim.hooks.beforeHandler = undefined;
    }
  }, 180_000);

  it("skips a shard that fails every delivery: the run completes, lists it and records every other pair", async () => {
    const victim = tenant.truth.pairs.find((p) => p.status !== "excluded")!.managerId.toLowerCase();
    // Every read of this manager's calendar fails, so the shard holding it fails on every delivery.
    sim.hooks.beforeHandler = (req) => {
      if (req.path.toLowerCase().includes(`/users/${victim}/calendarview`))
        throw new Error("injected outage");
    };
    let run: ScanRun;
    try {
      run = await scanThroughHost(host.url, MASTER_KEY, { timeoutMs: 180_000 });
    } finally {
      sim.hooks.beforeHandler = undefined;
    }
    expect(run.state).toBe("complete");
    expect(run.shardsDone).toBe(run.shardsTotal);
    expect(run.shardsTotal).toBeGreaterThan(1);
    expect(run.skipped).toEqual([
      {
        shardIndex: expect.any(Number),
        pairs: expect.any(Number),
        managers: expect.any(Number),
        reason: expect.stringMatching(/^failed every delivery; last error: GRAPH\.\w+: .+/),
      },
    ]);
    const skip = run.skipped![0]!;
    expect(logs.filter((l) => l.includes("Executed 'Functions.scanShard' (Failed"))).toHaveLength(
      MAX_DEQUEUE,
    );
    expect(
      logs.some(
        (l) => l.includes(`scan ${run.runId} shard ${skip.shardIndex + 1}/`) && l.includes("skipped"),
      ),
    ).toBe(true);
    // Each failed delivery names its shard and attempt, so the host's failures can be told apart.
    for (let n = 1; n <= MAX_DEQUEUE; n++) {
      expect(
        logs.some(
          (l) =>
            l.includes(`scan ${run.runId} shard ${skip.shardIndex + 1}/`) &&
            l.includes(`delivery ${n} failed: `),
        ),
      ).toBe(true);
    }

    // Every other shard's pairs are recorded, and classified as planted; only the skipped shard's are missing.
    const pairs = await (await ScanStore.open(azurite.connectionString)).listPairs(run.runId);
    expect(pairs.some((p) => p.managerId.toLowerCase() === victim)).toBe(false);
    expect(pairs.length + skip.pairs!).toBe(tenant.truth.pairs.length);
    const truth = new Map(tenant.truth.pairs.map((t) => [`${t.managerId}/${t.reportId}`, t.status]));
    expect(pairs.filter((p) => truth.get(`${p.managerId}/${p.reportId}`) !== p.status)).toEqual([]);
    expect(run.pairs).toBe(pairs.length);
    // The completed run is planned as usual.
    await until(() => logs.some((l) => l.includes(`series plan for scan ${run.runId}`)), "the series plan");
  }, 300_000);
});
