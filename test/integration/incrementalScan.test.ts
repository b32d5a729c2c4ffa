// Incremental scans through their real parts: dev/host (dist/) with its own Azurite, the simulator serving Graph
// with change notifications that it POSTs to the host's real /api/graph/notifications, a full scan that creates
// the subscriptions, calendars touched by "people", then an incremental scan three days later that must record
// exactly what a full scan at that instant records, in at most 10% of the full scan's Graph round trips.
import { createServer } from "node:net";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningHost, startHost } from "../../dev/host/startHost.js";
import { localAppSettings } from "../../dev/localAppSettings.js";
import { scanThroughHost } from "../../dev/scanThroughHost.js";
import type { RecordedRequest } from "../../dev/sim/core/recorder.js";
import { generateTenant } from "../../dev/sim/generate/generateTenant.js";
import { type Simulator, startSimulator } from "../../dev/sim/server.js";
import { type AzuriteHandle, startAzurite } from "../../dev/storage/startAzurite.js";
import { IncrementalStore } from "../../shared/store/incrementalStore.js";
import { ScanStore } from "../../shared/store/scanStore.js";
import type { PairRecord, ScanRun } from "../../shared/usecases/ports/scanRecords.js";

const MASTER_KEY = "incremental-master-key";
const CLIENT_STATE = "incremental-test-client-state-0001";
const DAY = 86_400_000;
const tenant = generateTenant({ users: 3000, seed: 13 });
const T0 = Date.parse(tenant.fixture.now);

let azurite: AzuriteHandle;
let sim: Simulator;
let host: RunningHost;
const logs: string[] = [];

/** A free loopback port: the notification URL must name the host's port before the host starts. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as { port: number };
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}

beforeAll(async () => {
  azurite = await startAzurite();
  sim = await startSimulator({ fixture: tenant.fixture, port: 0, subscriptions: { batchWindowMs: 20 } });
  const port = await freePort();
  host = await startHost({
    appDir: resolve(import.meta.dirname, "../.."),
    port,
    workers: 2,
    env: {
      ...localAppSettings({
        storage: azurite.connectionString,
        sim,
        now: tenant.fixture.now,
        masterKey: MASTER_KEY,
      }),
      CADENCE_NOTIFICATION_URL: `http://127.0.0.1:${port}/api/graph/notifications`,
      CADENCE_NOTIFICATION_CLIENT_STATE: CLIENT_STATE,
    },
    log: (line) => logs.push(line),
  });
}, 120_000);

afterAll(async () => {
  await host?.close();
  await sim?.close();
  await azurite?.stop();
});

async function scan(
  query: string,
): Promise<{ run: ScanRun; pairs: Map<string, PairRecord>; requests: RecordedRequest[] }> {
  sim.clearRequests();
  const run = await scanThroughHost(host.url, MASTER_KEY, { query });
  const requests = [...sim.requests()];
  const store = await ScanStore.open(azurite.connectionString);
  const pairs = new Map((await store.listPairs(run.runId)).map((p) => [`${p.managerId}/${p.reportId}`, p]));
  return { run, pairs, requests };
}

/**
 * Series planning (mailboxSettings, getSchedule) runs on its own queue once a scan completes, so the previous
 * scan's plan can overlap the next scan's window; it is not the scan's cost (bench:plan measures it).
 */
const isPlanning = (url: string) => /\/mailboxSettings\b|\/calendar\/getSchedule\b/.test(url);

/** The scan's HTTP round trips to Graph: a `$batch` is one, the requests inside it are not counted again. */
function roundTrips(requests: readonly RecordedRequest[], options: { withSubscriptions: boolean }): number {
  const excluded = (url: string) =>
    isPlanning(url) || (!options.withSubscriptions && url.startsWith("/subscriptions"));
  const excludedBatches = new Set(requests.filter((r) => r.batchId && excluded(r.url)).map((r) => r.batchId));
  return requests.filter((r) => {
    if (r.kind === "batch") return !excludedBatches.has(r.requestId);
    if (r.kind !== "graph" || r.batchId) return false;
    return !excluded(r.url);
  }).length;
}

const comparable = (p: PairRecord) => {
  const { runId: _, ...rest } = p;
  return rest;
};

describe("incremental scan (dev/host + Azurite + simulator with change notifications)", () => {
  it("re-reads only touched managers and records what a full scan records, in ≤ 10% of its requests", async () => {
    const full = await scan("?mode=full");
    expect(full.run).toMatchObject({ state: "complete", mode: "full", errors: [] });
    const fullTrips = roundTrips(full.requests, { withSubscriptions: false });
    // Reading 28 days further ahead (the refresh margin) changes no status: the planted truth holds for every pair.
    const wrong = tenant.truth.pairs.filter(
      (t) => full.pairs.get(`${t.managerId}/${t.reportId}`)?.status !== t.status,
    );
    expect(wrong).toEqual([]);

    // One subscription per manager with a tracked pair, each validated through the host's real endpoint.
    const managers = [
      ...new Set([...full.pairs.values()].filter((p) => p.status !== "excluded").map((p) => p.managerId)),
    ].sort();
    const state = await IncrementalStore.open(azurite.connectionString);
    const subscriptions = await state.listSubscriptions();
    expect(subscriptions.map((s) => s.mailbox).sort()).toEqual(managers);
    const handshakes = sim.notifications().filter((d) => d.kind === "validation");
    // Each subscription's endpoint is validated twice: as notificationUrl and as lifecycleNotificationUrl.
    expect(handshakes.length).toBe(2 * managers.length);
    expect(handshakes.every((d) => d.status === 200)).toBe(true);

    // 1% of managers change something in their calendars; Graph tells the host.
    const touched = managers.filter((_, i) => i % 100 === 7);
    expect(touched.length).toBeGreaterThanOrEqual(managers.length / 100 - 1);
    sim.clearNotifications();
    for (const manager of touched) sim.touchCalendar(manager, 2);
    await sim.notificationsIdle();
    const delivered = sim.notifications().filter((d) => d.kind === "notification");
    expect(delivered.length).toBeGreaterThan(0);
    expect(delivered.every((d) => d.status === 202)).toBe(true);
    const dirty = (await state.listDirty()).map((m) => m.mailbox.toLowerCase());
    for (const manager of touched) expect(dirty).toContain(manager.toLowerCase());

    const later = new Date(T0 + 3 * DAY).toISOString();
    const incremental = await scan(`?now=${encodeURIComponent(later)}`);
    expect(incremental.run).toMatchObject({ state: "complete", mode: "incremental", now: later, errors: [] });
    const incrementalTrips = roundTrips(incremental.requests, { withSubscriptions: true });
    const reread = new Set(
      incremental.requests
        .filter((r) => r.url.includes("/calendarView"))
        .map((r) => r.mailbox?.toLowerCase()),
    );
    // The touched managers, and the managers whose events those touches reached (a moved meeting they attend).
    for (const manager of touched) expect(reread).toContain(manager.toLowerCase());
    expect(reread.size).toBeLessThanOrEqual(dirty.length);
    expect(await state.listDirty()).toEqual([]);

    const reference = await scan(`?mode=full&now=${encodeURIComponent(later)}`);
    expect(reference.run.mode).toBe("full");
    expect(incremental.pairs.size).toBe(reference.pairs.size);
    const differ: string[] = [];
    for (const [key, expected] of reference.pairs) {
      const got = incremental.pairs.get(key);
      if (!got || JSON.stringify(comparable(got)) !== JSON.stringify(comparable(expected))) {
        differ.push(
          `${key}: full ${JSON.stringify(comparable(expected))} incremental ${JSON.stringify(got && comparable(got))}`,
        );
      }
    }
    expect(differ).toEqual([]);
    // Statuses moved between the scans: unchanged pairs were re-classified at the new instant, not copied.
    const moved = [...reference.pairs].filter(([key, p]) => full.pairs.get(key)?.reason !== p.reason);
    expect(moved.length).toBeGreaterThan(0);

    console.log(
      `incremental scan: ${incrementalTrips} Graph round trips vs ${fullTrips} for the full scan ` +
        `(${managers.length} managers, ${touched.length} touched, ${reread.size} re-read, ${moved.length} pairs re-classified differently)`,
    );
    expect(incrementalTrips).toBeLessThanOrEqual(fullTrips * 0.1);
  }, 600_000);
});
