// Graph's lifecycle notifications end to end: the local Functions host (graphNotifications + subscriptionUpkeep)
// with its own Azurite, and the simulator, which validates the host's endpoint for both URLs and POSTs lifecycle
// notifications there when told to (its control API), as Graph does. What must follow: missed → the mailbox is
// marked for a re-read; reauthorizationRequired → the subscription is renewed and notifications flow again;
// subscriptionRemoved → the mailbox is marked and a new subscription is created.
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningHost, startHost } from "../../dev/host/startHost.js";
import { localAppSettings } from "../../dev/localAppSettings.js";
import { type Simulator, startSimulator } from "../../dev/sim/server.js";
import { simulatorGateway } from "../../dev/sim/simulatorGateway.js";
import { type AzuriteHandle, startAzurite } from "../../dev/storage/startAzurite.js";
import { manageSubscriptions } from "../../shared/graph/manageSubscriptions.js";
import { IncrementalStore } from "../../shared/store/incrementalStore.js";
import { ensureSubscriptions } from "../../shared/usecases/ensureSubscriptions.js";
import { ADA, BO, NOW, smallTenant } from "../shared/graph/smallTenant.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const CLIENT_STATE = "lifecycle-test-client-state-0001";

let azurite: AzuriteHandle;
let sim: Simulator;
let host: RunningHost;
let store: IncrementalStore;
let notificationUrl: string;
const logs: string[] = [];

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as { port: number };
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}

beforeAll(async () => {
  azurite = await startAzurite();
  sim = await startSimulator({ fixture: smallTenant(3), seed: 8, subscriptions: { batchWindowMs: 20 } });
  const port = await freePort();
  notificationUrl = `http://127.0.0.1:${port}/api/graph/notifications`;
  host = await startHost({
    appDir: repoRoot,
    main: "functions/{graphNotifications,subscriptionUpkeep}.ts",
    port,
    env: {
      ...localAppSettings({ storage: azurite.connectionString, sim, now: NOW, masterKey: "lifecycle-key" }),
      CADENCE_NOTIFICATION_URL: notificationUrl,
      CADENCE_NOTIFICATION_CLIENT_STATE: CLIENT_STATE,
    },
    log: (line) => logs.push(line),
  });
  store = await IncrementalStore.open(azurite.connectionString);
  // What a first scan leaves: the directory (ADA manages BO), then ADA's subscription, made as the app makes it.
  await store.saveDirectory({
    users: [
      { id: ADA, userPrincipalName: "ada@contoso.example", mail: "ada@contoso.example", managerId: null },
      { id: BO, userPrincipalName: "bo@contoso.example", mail: "bo@contoso.example", managerId: ADA },
    ],
    deltaLink: "https://unused.example/delta",
    savedAt: NOW,
  });
  const gateway = simulatorGateway(sim);
  const made = await ensureSubscriptions({
    graph: { manageSubscriptions: (changes) => manageSubscriptions(gateway, changes) },
    store,
    clock: { now: () => sim.clock.now() },
    notificationUrl,
    clientState: CLIENT_STATE,
  });
  expect(made).toMatchObject({ created: 1, failed: [] });
}, 120_000);

afterAll(async () => {
  await host?.close();
  await sim?.close();
  await azurite?.stop();
});

/** Polls until `probe` returns a value (the host works off the request path); no timing is asserted. */
async function eventually<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`never happened: ${what}\n${logs.slice(-30).join("\n")}`);
}

const adaSubscription = async () => (await store.listSubscriptions()).find((s) => s.mailbox === ADA);
const dirtyMailboxes = async () => (await store.listDirty()).map((m) => m.mailbox);
async function clearDirty() {
  await store.clearDirty(await store.listDirty());
}
const lifecycleDeliveries = (event: string) =>
  sim
    .notifications()
    .filter(
      (d) =>
        d.kind === "notification" &&
        (d.body as { value: { lifecycleEvent?: string }[] }).value.some((v) => v.lifecycleEvent === event),
    );

describe("lifecycle notifications through the host's endpoint", () => {
  it("validated the endpoint twice when subscribing: as notificationUrl and as lifecycleNotificationUrl", () => {
    const handshakes = sim.notifications().filter((d) => d.kind === "validation");
    expect(handshakes.map((d) => [d.url, d.status])).toEqual([
      [notificationUrl, 200],
      [notificationUrl, 200],
    ]);
  });

  it("missed: accepts it (202) and marks the mailbox for the next scan to re-read", async () => {
    await clearDirty();
    const subscription = (await adaSubscription())!;
    expect(sim.sendLifecycle(subscription.subscriptionId, "missed")).toEqual({ sent: true });
    await sim.notificationsIdle();
    expect(lifecycleDeliveries("missed").map((d) => d.status)).toEqual([202]);
    expect(await dirtyMailboxes()).toEqual([ADA]);
  });

  it("reauthorizationRequired: renews the subscription, after which change notifications reach the host again", async () => {
    await clearDirty();
    const before = (await adaSubscription())!;
    sim.clearRequests();
    sim.sendLifecycle(before.subscriptionId, "reauthorizationRequired");
    await sim.notificationsIdle();
    expect(lifecycleDeliveries("reauthorizationRequired").map((d) => d.status)).toEqual([202]);
    // The simulator clock stands still, so the renewal asks for the same expiry: the PATCH itself is the sign.
    const patches = () =>
      sim
        .requests()
        .filter((r) => r.method === "PATCH" && r.url === `/subscriptions/${before.subscriptionId}`);
    await eventually(
      async () => (patches().length > 0 ? true : undefined),
      "the challenged subscription renewed",
    );
    expect(patches().map((r) => r.status)).toEqual([200]);
    expect((await adaSubscription())?.subscriptionId).toBe(before.subscriptionId);
    expect(await dirtyMailboxes()).toEqual([]); // a challenge loses nothing by itself

    sim.touchCalendar(ADA);
    await sim.notificationsIdle();
    expect(await dirtyMailboxes()).toEqual([ADA]);
  });

  it("subscriptionRemoved: marks the mailbox and subscribes it again, with lifecycle notifications", async () => {
    await clearDirty();
    const removed = (await adaSubscription())!;
    sim.sendLifecycle(removed.subscriptionId, "subscriptionRemoved");
    await sim.notificationsIdle();
    expect(await dirtyMailboxes()).toEqual([ADA]);
    const recreated = await eventually(async () => {
      const now = await adaSubscription();
      return now && now.subscriptionId !== removed.subscriptionId ? now : undefined;
    }, "a new subscription for the removed one");
    const inGraph = await simulatorGateway(sim).batch([
      { method: "GET", url: `/subscriptions/${recreated.subscriptionId}` },
    ]);
    expect(inGraph[0]).toMatchObject({
      ok: true,
      body: expect.objectContaining({
        lifecycleNotificationUrl: notificationUrl,
        resource: `users/${ADA}/events`,
      }),
    });
  });

  it("refuses a lifecycle notification without the client state: nothing marked, nothing recreated", async () => {
    await clearDirty();
    const current = (await adaSubscription())!;
    const res = await fetch(notificationUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        value: [
          {
            subscriptionId: current.subscriptionId,
            clientState: "forged",
            lifecycleEvent: "subscriptionRemoved",
          },
        ],
      }),
    });
    expect(res.status).toBe(403);
    expect(await dirtyMailboxes()).toEqual([]);
    expect((await adaSubscription())?.subscriptionId).toBe(current.subscriptionId);
  });
});
