// A first scan that must create a subscription per manager answers at once: the directory, the subscriptions
// (each waiting on Graph's handshake with our own endpoint) and the shards are prepared behind the queue. The
// handshakes are held at a gate in front of the host's /api/graph/notifications: the 202 must come while they are
// held, the shards must not run before they are answered, and the scan then completes as usual.
import { createServer, type Server } from "node:http";
import { createServer as createNetServer } from "node:net";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningHost, startHost } from "../../dev/host/startHost.js";
import { localAppSettings } from "../../dev/localAppSettings.js";
import { generateTenant } from "../../dev/sim/generate/generateTenant.js";
import { type Simulator, startSimulator } from "../../dev/sim/server.js";
import { type AzuriteHandle, startAzurite } from "../../dev/storage/startAzurite.js";
import { IncrementalStore } from "../../shared/store/incrementalStore.js";
import { ScanStore } from "../../shared/store/scanStore.js";
import type { ScanRun } from "../../shared/usecases/ports/scanRecords.js";

const MASTER_KEY = "prepare-master-key";
const tenant = generateTenant({ users: 400, seed: 17 });

let azurite: AzuriteHandle;
let sim: Simulator;
let host: RunningHost;
let gate: Server;
let hostPort: number;
let held = 0;
let open: () => void;
const opened = new Promise<void>((ok) => {
  open = ok;
});

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as { port: number };
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}

/** Holds every request until opened, then passes it on to the host. */
function startGate(): Promise<number> {
  gate = createServer(async (req, res) => {
    held++;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    await opened;
    const body = Buffer.concat(chunks);
    const answer = await fetch(`http://127.0.0.1:${hostPort}${req.url}`, {
      method: req.method ?? "POST",
      headers: { "content-type": req.headers["content-type"] ?? "text/plain" },
      ...(body.length > 0 ? { body } : {}),
    });
    res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "text/plain" });
    res.end(await answer.text());
  });
  return new Promise((ok) =>
    gate.listen(0, "127.0.0.1", () => ok((gate.address() as { port: number }).port)),
  );
}

const headers = { "x-functions-key": MASTER_KEY };

async function status(runId: string): Promise<ScanRun> {
  return (await (
    await fetch(`${host.url}/api/scans/${encodeURIComponent(runId)}`, { headers })
  ).json()) as ScanRun;
}

async function until(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + 240_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  azurite = await startAzurite();
  // Graph's 10 s handshake timeout is stretched so the held handshakes outlast the checks made meanwhile.
  sim = await startSimulator({
    fixture: tenant.fixture,
    port: 0,
    subscriptions: { batchWindowMs: 20, validationTimeoutMs: 120_000 },
  });
  hostPort = await freePort();
  const gatePort = await startGate();
  host = await startHost({
    appDir: resolve(import.meta.dirname, "../.."),
    port: hostPort,
    workers: 2,
    env: {
      ...localAppSettings({
        storage: azurite.connectionString,
        sim,
        now: tenant.fixture.now,
        masterKey: MASTER_KEY,
      }),
      CADENCE_NOTIFICATION_URL: `http://127.0.0.1:${gatePort}/api/graph/notifications`,
      CADENCE_NOTIFICATION_CLIENT_STATE: "prepare-test-client-state-0001",
    },
    log: () => {},
  });
}, 120_000);

afterAll(async () => {
  open();
  await host?.close();
  await sim?.close();
  await azurite?.stop();
  await new Promise((ok) => gate?.close(ok));
});

describe("POST /api/scans on a first scan with subscriptions to create", () => {
  it("answers 202 while every handshake is held, reads no calendar before they are answered, then completes", async () => {
    sim.clearRequests();
    const started = await fetch(`${host.url}/api/scans`, { method: "POST", headers });
    expect(started.status).toBe(202);
    const run = (await started.json()) as ScanRun;
    expect(run.state).toBe("preparing");

    // The prepare step is subscribing now, and Graph waits on our endpoint.
    await until(() => held > 0, "a handshake");
    expect((await status(run.runId)).state).toBe("preparing");
    expect(sim.requests().filter((r) => r.url.includes("/calendarView"))).toEqual([]);

    open();
    await until(async () => (await status(run.runId)).state === "complete", "the scan");
    const done = await status(run.runId);
    expect(done).toMatchObject({ mode: "full", errors: [] });
    expect(done.shardsDone).toBe(done.shardsTotal);

    const pairs = await (await ScanStore.open(azurite.connectionString)).listPairs(run.runId);
    expect(pairs).toHaveLength(tenant.truth.pairs.length);
    const managers = [...new Set(pairs.filter((p) => p.status !== "excluded").map((p) => p.managerId))];
    const subscriptions = await (await IncrementalStore.open(azurite.connectionString)).listSubscriptions();
    expect(subscriptions.map((s) => s.mailbox).sort()).toEqual(managers.sort());
    // Every calendar was read after the last subscription was created.
    const requests = sim.requests();
    const lastCreate = requests.findLastIndex(
      (r) => r.method === "POST" && r.url.startsWith("/subscriptions"),
    );
    const firstRead = requests.findIndex((r) => r.url.includes("/calendarView"));
    expect(lastCreate).toBeGreaterThanOrEqual(0);
    expect(firstRead).toBeGreaterThan(lastCreate);
  }, 300_000);
});
