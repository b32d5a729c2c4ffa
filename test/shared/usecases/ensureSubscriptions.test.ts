// ensureSubscriptions with the real gateway against the simulator's /subscriptions over HTTPS (batched, with the
// validation handshake to a real loopback receiver) and the in-memory incremental store.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../../dev/sim/server.js";
import { simulatorGateway } from "../../../dev/sim/simulatorGateway.js";
import { manageSubscriptions } from "../../../shared/graph/manageSubscriptions.js";
import { MemoryIncrementalStore } from "../../../shared/store/memoryIncrementalStore.js";
import { ensureSubscriptions } from "../../../shared/usecases/ensureSubscriptions.js";
import type { DirectoryEntry } from "../../../shared/usecases/ports/scanPorts.js";
import { type Receiver, startReceiver } from "../../dev/sim/subscriptions/notificationReceiver.js";
import { ADA, BO, CY, NOW, smallTenant } from "../graph/smallTenant.js";

const DAY = 86_400_000;
const CLIENT_STATE = "ensure-subscriptions-client-state";
let sim: Simulator;
let receiver: Receiver;

beforeAll(async () => {
  sim = await startSimulator({ fixture: smallTenant(3), seed: 5 });
  receiver = await startReceiver();
});

afterAll(async () => {
  await sim?.close();
  await receiver?.close();
});

const entry = (
  id: string,
  managerId: string | null,
  mail: string | null = `${id}@contoso.example`,
): DirectoryEntry => ({
  id,
  userPrincipalName: `${id}@contoso.example`,
  mail,
  accountEnabled: true,
  managerId,
});

function setup(at: number) {
  const gateway = simulatorGateway(sim);
  const store = new MemoryIncrementalStore();
  const ports = {
    graph: {
      manageSubscriptions: (changes: Parameters<typeof manageSubscriptions>[1]) =>
        manageSubscriptions(gateway, changes),
    },
    store,
    clock: { now: () => new Date(at) },
    notificationUrl: `${receiver.base}/ok/notifications`,
    clientState: CLIENT_STATE,
  };
  return { gateway, store, ports };
}

describe("ensureSubscriptions", () => {
  it("does nothing before a first scan stored a directory", async () => {
    const { ports } = setup(Date.parse(NOW));
    expect(await ensureSubscriptions(ports)).toEqual({ created: 0, renewed: 0, deleted: 0, failed: [] });
  });

  it("subscribes each tracked manager's events once, renews within 2 days of expiry, drops former managers", async () => {
    const t0 = Date.parse(NOW);
    const { gateway, store, ports } = setup(t0);
    // ADA manages BO; CY has no mailbox, so a pair under CY would be excluded and CY is not watched.
    await store.saveDirectory({
      users: [entry(ADA, null), entry(BO, ADA), entry(CY, BO, null), entry("filler", CY)],
      deltaLink: "unused",
      savedAt: NOW,
    });
    const validationsBefore = receiver.validations.length;
    expect(await ensureSubscriptions(ports)).toEqual({ created: 1, renewed: 0, deleted: 0, failed: [] });
    const [created] = await store.listSubscriptions();
    expect(created).toMatchObject({ mailbox: ADA });
    // Graph validates the lifecycleNotificationUrl too, though it is the same endpoint.
    expect(receiver.validations.length).toBe(validationsBefore + 2);
    const posted = sim.requests().filter((r) => r.method === "POST" && r.url === "/subscriptions");
    expect(posted.at(-1)?.requestBody).toEqual({
      changeType: "created,updated,deleted",
      notificationUrl: `${receiver.base}/ok/notifications`,
      resource: `users/${ADA}/events`,
      expirationDateTime: new Date(t0 + (10_080 - 60) * 60_000).toISOString(),
      clientState: CLIENT_STATE,
      lifecycleNotificationUrl: `${receiver.base}/ok/notifications`,
    });
    expect(posted.at(-1)?.batchId).toBeDefined(); // sent inside a $batch

    // Nothing to do a day later; within 2 days of expiry it is renewed with PATCH.
    expect(await ensureSubscriptions({ ...ports, clock: { now: () => new Date(t0 + DAY) } })).toMatchObject({
      created: 0,
      renewed: 0,
    });
    sim.clock.set(new Date(t0 + 5 * DAY));
    const renewed = await ensureSubscriptions({ ...ports, clock: { now: () => new Date(t0 + 5 * DAY) } });
    expect(renewed).toMatchObject({ created: 0, renewed: 1, failed: [] });
    const [after] = await store.listSubscriptions();
    expect(after!.subscriptionId).toBe(created!.subscriptionId);
    expect(Date.parse(after!.expirationDateTime)).toBeGreaterThan(Date.parse(created!.expirationDateTime));

    // ADA stops managing anyone: the subscription is deleted in Graph and in the store.
    await store.saveDirectory({
      users: [entry(ADA, null), entry(BO, null)],
      deltaLink: "unused",
      savedAt: NOW,
    });
    const dropped = await ensureSubscriptions({ ...ports, clock: { now: () => new Date(t0 + 5 * DAY) } });
    expect(dropped).toMatchObject({ deleted: 1, failed: [] });
    expect(await store.listSubscriptions()).toEqual([]);
    const gone = await gateway.batch([{ method: "GET", url: `/subscriptions/${created!.subscriptionId}` }]);
    expect(gone[0]!.status).toBe(404);
    sim.clock.set(new Date(t0));
  });

  it("renews a subscription Graph challenged at once, far from its expiry, which lets its notifications flow", async () => {
    const t0 = Date.parse(NOW);
    const { store, ports } = setup(t0);
    await store.saveDirectory({
      users: [entry(ADA, null), entry(BO, ADA)],
      deltaLink: "unused",
      savedAt: NOW,
    });
    await ensureSubscriptions(ports);
    const [created] = await store.listSubscriptions();
    sim.sendLifecycle(created!.subscriptionId, "reauthorizationRequired");
    const later = { ...ports, clock: { now: () => new Date(t0 + 60_000) } };
    expect(await ensureSubscriptions(later)).toMatchObject({ renewed: 0 }); // not due by its expiry
    expect(await ensureSubscriptions(later, { reauthorize: [ADA.toUpperCase()] })).toMatchObject({
      renewed: 1,
      failed: [],
    });
    const before = receiver.notifications.length;
    sim.touchCalendar(ADA);
    await sim.notificationsIdle();
    expect(receiver.notifications.length).toBeGreaterThan(before);
    // Leave the simulator as found: no manager left, the subscription is deleted.
    await store.saveDirectory({ users: [entry(ADA, null)], deltaLink: "unused", savedAt: NOW });
    expect(await ensureSubscriptions(later)).toMatchObject({ deleted: 1 });
  });

  it("reports a mailbox Graph refuses and keeps going; it stays unwatched (read by every scan)", async () => {
    const { store, ports } = setup(Date.parse(NOW));
    await store.saveDirectory({
      users: [entry(ADA, null), entry(BO, ADA), entry("ghost", null), entry("r", "ghost")],
      deltaLink: "unused",
      savedAt: NOW,
    });
    const result = await ensureSubscriptions(ports);
    expect(result.created).toBe(1);
    expect(result.failed).toEqual([expect.stringMatching(/^ghost: create GRAPH\./)]);
    expect((await store.listSubscriptions()).map((s) => s.mailbox)).toEqual([ADA]);
  });
});
