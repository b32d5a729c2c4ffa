// Graph's lifecycle notifications in the simulator: sent to the subscription's lifecycleNotificationUrl with the
// documented shape (no resource; `lifecycleEvent`), triggered through the control API, with Graph's effects:
// a removed subscription is gone, a reauthorization challenge pauses change notifications until answered.
import type { Client } from "@microsoft/microsoft-graph-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTrustingFetch } from "../../../../dev/sim/core/trustingFetch.js";
import { type Simulator, startSimulator } from "../../../../dev/sim/server.js";
import { graphClientFor } from "../../../helpers/graphClientFor.js";
import { type Receiver, startReceiver } from "./notificationReceiver.js";

const MARA_ID = "5e1a0000-0000-4000-8000-000000000001";
const MARA = "mara@contoso.example";
const fixture = {
  now: "2026-11-25T09:00:00Z",
  users: [{ id: MARA_ID, displayName: "Mara", userPrincipalName: MARA, mail: MARA }],
  events: [
    {
      mailbox: MARA,
      event: {
        subject: "Planning",
        start: { dateTime: "2026-11-30T15:00:00", timeZone: "UTC" },
        end: { dateTime: "2026-11-30T16:00:00", timeZone: "UTC" },
      },
    },
  ],
};

let sim: Simulator;
let graph: Client;
let receiver: Receiver;
let control: (path: string, body: unknown) => Promise<Response>;

beforeAll(async () => {
  receiver = await startReceiver();
  sim = await startSimulator({
    fixture,
    seed: 21,
    subscriptions: { validationTimeoutMs: 1_000, retryDelaysMs: [20], attemptTimeoutMs: 1_000 },
  });
  graph = graphClientFor(sim, { retry: false });
  const trusting = createTrustingFetch(sim.caPem);
  control = (path, body) =>
    trusting(`${sim.urls.control}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
});
afterAll(async () => {
  await sim?.close();
  await receiver?.close();
});

const subscribe = (name: string, lifecycle = true) =>
  graph.api("/subscriptions").post({
    changeType: "created,updated,deleted",
    notificationUrl: `${receiver.base}/ok/${name}`,
    ...(lifecycle ? { lifecycleNotificationUrl: `${receiver.base}/ok/${name}-lifecycle` } : {}),
    resource: `/users/${MARA_ID}/events`,
    expirationDateTime: new Date(sim.clock.now().getTime() + 3 * 86_400_000).toISOString(),
    clientState: "cadence-secret",
  }) as Promise<{ id: string; expirationDateTime: string }>;
const lifecycle = (subscriptionId: string, lifecycleEvent: string) =>
  control("/subscriptions/lifecycle", { subscriptionId, lifecycleEvent });
const receivedAt = (path: string) =>
  receiver.notifications.filter((n) => n.path === path).flatMap((n) => n.body.value);

describe("lifecycle notifications", () => {
  it("validates the lifecycleNotificationUrl too, and posts each event there in Graph's shape", async () => {
    const sub = await subscribe("shape");
    expect(receiver.validations.map((v) => v.path)).toContain("/ok/shape-lifecycle");
    for (const event of ["missed", "reauthorizationRequired"]) {
      expect((await lifecycle(sub.id, event)).status).toBe(200);
    }
    await sim.notificationsIdle();
    expect(receivedAt("/ok/shape-lifecycle")).toEqual([
      {
        subscriptionId: sub.id,
        subscriptionExpirationDateTime: sub.expirationDateTime,
        tenantId: sim.tenantId,
        clientState: "cadence-secret",
        lifecycleEvent: "missed",
      },
      expect.objectContaining({ lifecycleEvent: "reauthorizationRequired" }),
    ]);
    expect(receivedAt("/ok/shape")).toEqual([]);
  });

  it("removes the subscription on subscriptionRemoved", async () => {
    const sub = await subscribe("removed");
    expect(await (await lifecycle(sub.id, "subscriptionRemoved")).json()).toEqual({ sent: true });
    await sim.notificationsIdle();
    expect(receivedAt("/ok/removed-lifecycle").map((n) => n.lifecycleEvent)).toEqual(["subscriptionRemoved"]);
    await expect(graph.api(`/subscriptions/${sub.id}`).get()).rejects.toMatchObject({ statusCode: 404 });
    expect((await lifecycle(sub.id, "missed")).status).toBe(404);
  });

  it("holds change notifications back after a reauthorization challenge until /reauthorize (or a renewal)", async () => {
    const sub = await subscribe("paused");
    await lifecycle(sub.id, "reauthorizationRequired");
    sim.touchCalendar(MARA);
    await sim.notificationsIdle();
    expect(receivedAt("/ok/paused")).toEqual([]);
    await graph.api(`/subscriptions/${sub.id}/reauthorize`).post({});
    sim.touchCalendar(MARA);
    await sim.notificationsIdle();
    expect(receivedAt("/ok/paused").length).toBeGreaterThan(0);

    const renewed = await subscribe("renewed");
    await lifecycle(renewed.id, "reauthorizationRequired");
    await graph.api(`/subscriptions/${renewed.id}`).patch({
      expirationDateTime: new Date(sim.clock.now().getTime() + 4 * 86_400_000).toISOString(),
    });
    sim.touchCalendar(MARA);
    await sim.notificationsIdle();
    expect(receivedAt("/ok/renewed").length).toBeGreaterThan(0);
  });

  it("sends none for a subscription created without a lifecycleNotificationUrl, and refuses bad commands", async () => {
    const sub = await subscribe("plain", false);
    expect(await (await lifecycle(sub.id, "missed")).json()).toEqual({ sent: false });
    expect((await lifecycle(sub.id, "expired")).status).toBe(400);
  });
});
