import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTrustingFetch } from "../../../../dev/sim/core/trustingFetch.js";
import { WEBHOOK_MAX_BYTES } from "../../../../dev/sim/core/webhook.js";
import { type Simulator, startSimulator } from "../../../../dev/sim/server.js";
import { ADA_ID, STAND_IN_FIXTURE, standInRoutes } from "../../../helpers/standInTenant.js";

let sim: Simulator;
let call: (url: string, init?: RequestInit) => Promise<Response>;

beforeAll(async () => {
  sim = await startSimulator({ fixture: STAND_IN_FIXTURE, areas: [], routes: standInRoutes });
  call = createTrustingFetch(sim.caPem);
});
afterAll(() => sim.close());

const json = (body: unknown, method = "POST"): RequestInit => ({
  method,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

describe("control API", () => {
  it("reads, sets and advances the tenant clock, which starts at the fixture's now", async () => {
    expect(await (await call(`${sim.urls.control}/clock`)).json()).toEqual({
      now: "2026-11-25T09:00:00.000Z",
    });
    const advanced = await call(`${sim.urls.control}/clock`, json({ advanceMs: 3_600_000 }));
    expect(await advanced.json()).toEqual({ now: "2026-11-25T10:00:00.000Z" });
    expect(sim.clock.now().toISOString()).toBe("2026-11-25T10:00:00.000Z");
    await call(`${sim.urls.control}/clock`, json({ set: "2026-12-01T08:30:00+01:00" }));
    expect(sim.clock.now().toISOString()).toBe("2026-12-01T07:30:00.000Z");
    const bad = await call(`${sim.urls.control}/clock`, json({ set: "tomorrow" }));
    expect(bad.status).toBe(400);
  });

  it("replaces the misbehaviour profile and rejects invalid ones", async () => {
    const put = await call(`${sim.urls.control}/profile`, json({ seed: 9, mailboxConcurrency: 4 }, "PUT"));
    expect(await put.json()).toMatchObject({ seed: 9, mailboxConcurrency: 4, throttleRate: 0 });
    expect(sim.profile.mailboxConcurrency).toBe(4);
    expect(await (await call(`${sim.urls.control}/profile`)).json()).toMatchObject({ seed: 9 });
    const bad = await call(`${sim.urls.control}/profile`, json({ throttleRate: 2 }, "PUT"));
    expect(bad.status).toBe(400);
    expect(sim.profile.seed).toBe(9);
    await call(`${sim.urls.control}/profile`, json({}, "PUT"));
    expect(sim.profile.mailboxConcurrency).toBeNull();
  });

  it("lists and clears recorded Graph requests with their counters", async () => {
    const token = await sim.identity.issueToken(sim.clientId, "graph");
    await call(`${sim.urls.graph}/users/${ADA_ID}`, { headers: { authorization: `Bearer ${token}` } });
    const listed = (await (await call(`${sim.urls.control}/requests`)).json()) as {
      value: { kind: string; url: string; status: number; appId: string }[];
      counters: { graphRequests: number; bytesOut: number };
    };
    expect(listed.value.at(-1)).toMatchObject({
      kind: "graph",
      url: `/users/${ADA_ID}`,
      status: 200,
      appId: sim.clientId,
    });
    expect(listed.counters.graphRequests).toBeGreaterThan(0);
    expect(listed.counters.bytesOut).toBeGreaterThan(0);
    expect((await call(`${sim.urls.control}/requests`, { method: "DELETE" })).status).toBe(204);
    expect(sim.requests()).toHaveLength(0);
  });

  it("is kept off the Graph path", async () => {
    const res = await call(`${sim.urls.graph}/control/clock`);
    expect(res.status).toBe(401);
  });
});

describe("webhook receiver", () => {
  const card = (padding: number) => ({
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        content: {
          type: "AdaptiveCard",
          version: "1.5",
          body: [{ type: "TextBlock", text: "x".repeat(padding) }],
        },
      },
    ],
  });

  it("records a posted card message with 202 and lists it under /control/cards", async () => {
    const res = await call(`${sim.urls.webhook}/admins`, json(card(100)));
    expect(res.status).toBe(202);
    const cards = (await (await call(`${sim.urls.control}/cards`)).json()) as {
      value: { webhookId: string; body: unknown }[];
    };
    expect(cards.value.at(-1)).toMatchObject({ webhookId: "admins", body: card(100) });
  });

  it("rejects a body over 28 KB with 413 and a message, and does not record it", async () => {
    const overhead = JSON.stringify(card(0)).length;
    const atLimit = await call(`${sim.urls.webhook}/admins`, json(card(WEBHOOK_MAX_BYTES - overhead)));
    expect(atLimit.status).toBe(202);
    const before = sim.cards().length;
    const over = await call(`${sim.urls.webhook}/admins`, json(card(WEBHOOK_MAX_BYTES - overhead + 1)));
    expect(over.status).toBe(413);
    expect(((await over.json()) as { error: { message: string } }).error.message).toContain("28 KB");
    expect(sim.cards()).toHaveLength(before);
  });

  it("rejects a body that is not JSON", async () => {
    const res = await call(`${sim.urls.webhook}/admins`, { method: "POST", body: "<xml/>" });
    expect(res.status).toBe(400);
  });
});
