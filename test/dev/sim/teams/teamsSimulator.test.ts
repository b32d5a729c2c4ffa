// The simulated Teams over HTTPS as a bot meets it: Graph installs the app, the Bot Connector (bot token from the
// simulator's identity) carries 1:1 cards, and the channel posts signed activities to a loopback bot endpoint.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createLocalJWKSet, type JSONWebKeySet, jwtVerify } from "jose";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTrustingFetch, type FetchLike } from "../../../../dev/sim/core/trustingFetch.js";
import { type Simulator, startSimulator } from "../../../../dev/sim/server.js";
import { msalFor } from "../../../helpers/msalFor.js";
import { MARA_ID, ROB, ROB_ID, TEAMS_FIXTURE, ZOE_ID } from "./teamsFixture.js";

const OTHER_APP = {
  clientId: "0fe70000-0000-4000-8000-0000000000aa",
  clientSecret: "other-secret",
  roles: ["TeamsAppInstallation.ReadWriteSelfForUser.All"],
};

let sim: Simulator;
let fetch: FetchLike;
let wallNow = Date.parse("2026-11-25T09:00:00Z");
let graphToken: string;
let botToken: string;

interface Received {
  authorization: string | undefined;
  body: Record<string, unknown>;
}
let bot: Server;
let botUrl: string;
const received: Received[] = [];
let answer: (activity: Record<string, unknown>) => unknown = () => undefined;

beforeAll(async () => {
  sim = await startSimulator({
    fixture: TEAMS_FIXTURE,
    apps: [OTHER_APP],
    // Throttling windows follow this clock: the tests move it, never wait.
    wallClock: () => wallNow,
  });
  fetch = createTrustingFetch(sim.caPem);
  wallNow = Date.now();
  const app = msalFor(sim);
  graphToken = (await app.acquireTokenByClientCredential({
    scopes: ["https://graph.microsoft.com/.default"],
  }))!.accessToken;
  botToken = (await app.acquireTokenByClientCredential({
    scopes: ["https://api.botframework.com/.default"],
  }))!.accessToken;
  bot = createServer(async (req, res) => {
    const body = JSON.parse((await readAll(req)).toString("utf8"));
    received.push({ authorization: req.headers.authorization, body });
    const out = answer(body);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(out === undefined ? "" : JSON.stringify(out));
  });
  await new Promise<void>((resolve) => bot.listen(0, "127.0.0.1", resolve));
  botUrl = `http://127.0.0.1:${(bot.address() as AddressInfo).port}/api/messages`;
});
afterAll(async () => {
  await sim?.close();
  await new Promise((resolve) => bot?.close(resolve));
});
beforeEach(() => {
  received.length = 0;
  answer = () => undefined;
  wallNow += 10_000;
});
afterEach(async () => {
  await control("PUT", "/teams/endpoint", { url: null });
});

const graph = (method: string, path: string, body?: unknown, token = graphToken) =>
  fetch(`${sim.urls.graph}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
const connector = (method: string, path: string, body?: unknown, token = botToken) =>
  fetch(`${sim.teams.serviceUrl}v3${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
const control = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${sim.urls.control}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: res.status === 204 ? undefined : await res.json() };
};
const bind = (id: string) => ({
  "teamsApp@odata.bind": `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${id}`,
});
const conversationWith = (userId: string) => ({
  bot: { id: sim.clientId },
  members: [{ id: userId }],
  channelData: { tenant: { id: sim.tenantId } },
  isGroup: false,
});
const card = (text: string) => ({
  type: "message",
  attachments: [
    {
      contentType: "application/vnd.microsoft.card.adaptive",
      content: { type: "AdaptiveCard", version: "1.5", body: [{ type: "TextBlock", text }] },
    },
  ],
});
async function installFor(userId: string) {
  const res = await graph("POST", `/users/${userId}/teamwork/installedApps`, bind(sim.teams.teamsAppId));
  expect(res.status).toBe(201);
}

describe("Teams app installation through Graph", () => {
  it("installs the catalog app for a user once (409 after), lists it with $expand/$filter and gives its chat", async () => {
    await installFor(MARA_ID);
    const again = await graph("POST", `/users/${MARA_ID}/teamwork/installedApps`, bind(sim.teams.teamsAppId));
    expect(again.status).toBe(409);

    const filter = encodeURIComponent(`teamsApp/id eq '${sim.teams.teamsAppId}'`);
    const list = await graph(
      "GET",
      `/users/${MARA_ID}/teamwork/installedApps?$expand=teamsApp&$filter=${filter}`,
    );
    expect(list.status).toBe(200);
    const { value } = (await list.json()) as { value: { id: string; teamsApp: { id: string } }[] };
    expect(value).toHaveLength(1);
    expect(value[0]!.teamsApp).toMatchObject({
      id: sim.teams.teamsAppId,
      distributionMethod: "organization",
    });
    const other = await graph(
      "GET",
      `/users/${MARA_ID}/teamwork/installedApps?$filter=${encodeURIComponent("teamsApp/id eq 'x'")}`,
    );
    expect(((await other.json()) as { value: unknown[] }).value).toEqual([]);

    const chat = await graph("GET", `/users/${MARA_ID}/teamwork/installedApps/${value[0]!.id}/chat`);
    expect(chat.status).toBe(200);
    expect(await chat.json()).toMatchObject({
      chatType: "oneOnOne",
      id: expect.stringMatching(/^19:.*@unq\.gbl\.spaces$/),
    });
  });

  it("refuses an app that is not in the catalog (404), and another app installing Cadence (403)", async () => {
    expect((await graph("POST", `/users/${ZOE_ID}/teamwork/installedApps`, bind("no-such-app"))).status).toBe(
      404,
    );
    const other = await msalFor(sim, OTHER_APP).acquireTokenByClientCredential({
      scopes: ["https://graph.microsoft.com/.default"],
    });
    const res = await graph(
      "POST",
      `/users/${ZOE_ID}/teamwork/installedApps`,
      bind(sim.teams.teamsAppId),
      other!.accessToken,
    );
    expect(res.status).toBe(403);
    expect(sim.teams.isInstalled(ZOE_ID)).toBe(false);
  });
});

describe("Bot Connector v3", () => {
  it("refuses a 1:1 conversation with a user who lacks the app: 403 BotNotInConversationRoster", async () => {
    const res = await connector("POST", "/conversations", conversationWith(ZOE_ID));
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error: { code: "BotNotInConversationRoster", message: expect.any(String) },
    });
  });

  it("answers 401 to a Graph token or no token", async () => {
    expect((await connector("POST", "/conversations", conversationWith(ROB_ID), graphToken)).status).toBe(
      401,
    );
    expect((await connector("POST", "/conversations", conversationWith(ROB_ID), "")).status).toBe(401);
  });

  it("creates the same 1:1 conversation every time, then sends and updates a card in it", async () => {
    await installFor(ROB_ID);
    const first = await connector("POST", "/conversations", conversationWith(ROB_ID));
    expect(first.status).toBe(201);
    const created = (await first.json()) as { id: string; serviceUrl: string };
    expect(created.serviceUrl).toBe(sim.teams.serviceUrl);
    const { id } = created;
    const second = await connector("POST", "/conversations", conversationWith(`29:${ROB_ID}`));
    expect(((await second.json()) as { id: string }).id).toBe(id);

    const sent = await connector(
      "POST",
      `/conversations/${encodeURIComponent(id)}/activities`,
      card("hello"),
    );
    expect(sent.status).toBe(201);
    const activityId = ((await sent.json()) as { id: string }).id;
    const put = await connector(
      "PUT",
      `/conversations/${encodeURIComponent(id)}/activities/${encodeURIComponent(activityId)}`,
      card("moved"),
    );
    expect(put.status).toBe(200);
    const missing = await connector(
      "PUT",
      `/conversations/${encodeURIComponent(id)}/activities/1%3A999`,
      card("x"),
    );
    expect(missing.status).toBe(404);

    const conversation = sim.teams.conversationList().find((c) => c.id === id)!;
    expect(conversation.userId).toBe(ROB_ID);
    expect(conversation.activities).toHaveLength(1);
    expect(conversation.activities[0]).toMatchObject({ id: activityId, updates: 1 });
    expect(JSON.stringify(conversation.activities[0]!.attachments)).toContain("moved");
    const recorded = sim
      .requests()
      .filter((r) => r.kind === "botConnector")
      .map((r) => `${r.method} ${r.status}`);
    expect(recorded).toEqual(expect.arrayContaining(["POST 201", "PUT 200", "PUT 404"]));
  });

  it("posts the activity given with a new conversation as its first message", async () => {
    const res = await connector("POST", "/conversations", {
      ...conversationWith(ROB_ID),
      activity: card("first"),
    });
    const body = (await res.json()) as { id: string; activityId: string };
    const conversation = sim.teams.conversationList().find((c) => c.id === body.id)!;
    expect(conversation.activities.at(-1)).toMatchObject({ id: body.activityId, type: "message" });
  });

  it("answers 403 ConversationBlockedByUser once the user blocked the bot, and serves them again once unblocked", async () => {
    await installFor(MARA_ID).catch(() => undefined);
    const { id } = (await (await connector("POST", "/conversations", conversationWith(MARA_ID))).json()) as {
      id: string;
    };
    expect((await control("POST", "/teams/block", { user: MARA_ID, blocked: true })).status).toBe(204);
    const refused = await connector(
      "POST",
      `/conversations/${encodeURIComponent(id)}/activities`,
      card("hi"),
    );
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
      "ConversationBlockedByUser",
    );
    expect((await connector("POST", "/conversations", conversationWith(MARA_ID))).status).toBe(403);
    await control("POST", "/teams/block", { user: MARA_ID, blocked: false });
    expect(
      (await connector("POST", `/conversations/${encodeURIComponent(id)}/activities`, card("hi"))).status,
    ).toBe(201);
  });

  it("throttles a conversation past 7 activities a second and 8 in two seconds, with 429 + Retry-After", async () => {
    const { id } = (await (await connector("POST", "/conversations", conversationWith(ROB_ID))).json()) as {
      id: string;
    };
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 8; i++) {
      const res = await connector(
        "POST",
        `/conversations/${encodeURIComponent(id)}/activities`,
        card(`n${i}`),
      );
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get("retry-after");
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201, 201, 201, 429]);
    expect(retryAfter).toBe("1");
    wallNow += 1000;
    expect(
      (await connector("POST", `/conversations/${encodeURIComponent(id)}/activities`, card("later"))).status,
    ).toBe(201);
    // …but Teams also allows only 8 per 2 seconds.
    const ninth = await connector(
      "POST",
      `/conversations/${encodeURIComponent(id)}/activities`,
      card("again"),
    );
    expect(ninth.status).toBe(429);
  });
});

describe("the channel posting to the bot", () => {
  it("posts a user's Action.Execute press as a signed invoke, and shows the card the bot answers with", async () => {
    await control("PUT", "/teams/endpoint", { url: botUrl });
    const { id } = (await (await connector("POST", "/conversations", conversationWith(ROB_ID))).json()) as {
      id: string;
    };
    const sent = await connector(
      "POST",
      `/conversations/${encodeURIComponent(id)}/activities`,
      card("agenda"),
    );
    const activityId = ((await sent.json()) as { id: string }).id;
    const refreshed = {
      type: "AdaptiveCard",
      version: "1.5",
      body: [{ type: "TextBlock", text: "refreshed" }],
    };
    answer = () => ({ statusCode: 200, type: "application/vnd.microsoft.card.adaptive", value: refreshed });

    const out = await control("POST", "/teams/cardAction", {
      user: ROB,
      activityId,
      verb: "addTalkingPoint",
      data: { text: "Career" },
    });
    expect(out.status).toBe(200);
    expect(out.body).toMatchObject({ status: 200, body: { statusCode: 200 } });

    expect(received).toHaveLength(1);
    const activity = received[0]!.body;
    expect(activity).toMatchObject({
      type: "invoke",
      name: "adaptiveCard/action",
      channelId: "msteams",
      serviceUrl: sim.teams.serviceUrl,
      replyToId: activityId,
      from: { aadObjectId: ROB_ID },
      conversation: { id, tenantId: sim.tenantId, conversationType: "personal" },
      value: {
        action: { type: "Action.Execute", verb: "addTalkingPoint", data: { text: "Career" } },
        trigger: "manual",
      },
    });

    // The token checks out against the channel's published metadata, as a bot would check it.
    const metadata = (await (await fetch(sim.teams.openIdMetadataUrl)).json()) as {
      issuer: string;
      jwks_uri: string;
    };
    const jwks = (await (await fetch(metadata.jwks_uri)).json()) as JSONWebKeySet;
    const token = /^Bearer (.+)$/.exec(received[0]!.authorization ?? "")![1]!;
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), {
      issuer: metadata.issuer,
      audience: sim.clientId,
      currentDate: new Date(wallNow),
    });
    expect(payload.serviceurl).toBe(sim.teams.serviceUrl);

    const shown = sim.teams
      .conversationList()
      .find((c) => c.id === id)!
      .activities.find((a) => a.id === activityId)!;
    expect(JSON.stringify(shown.attachments)).toContain("refreshed");
  });

  it("records an action pressed while no bot endpoint is set, and refuses an unknown card", async () => {
    const { id } = (await (await connector("POST", "/conversations", conversationWith(ROB_ID))).json()) as {
      id: string;
    };
    const sent = await connector(
      "POST",
      `/conversations/${encodeURIComponent(id)}/activities`,
      card("agenda"),
    );
    const activityId = ((await sent.json()) as { id: string }).id;
    const out = await control("POST", "/teams/cardAction", { user: ROB_ID, activityId, verb: "x" });
    expect(out.body).toMatchObject({ status: 0, error: expect.stringMatching(/endpoint/) });
    const unknown = await control("POST", "/teams/cardAction", {
      user: ROB_ID,
      activityId: "1:0",
      verb: "x",
    });
    expect(unknown.status).toBe(404);
    expect((await control("POST", "/teams/cardAction", { user: ROB_ID })).status).toBe(400);
  });

  it("sends an installationUpdate when the app is installed for a user", async () => {
    await control("PUT", "/teams/endpoint", { url: botUrl });
    await installFor(ZOE_ID);
    await sim.teams.idle();
    expect(received.map((r) => r.body)).toEqual([
      expect.objectContaining({
        type: "installationUpdate",
        action: "add",
        from: expect.objectContaining({ aadObjectId: ZOE_ID }),
      }),
    ]);
    const everything = await control("GET", "/teams");
    expect(everything.body).toMatchObject({ teamsAppId: sim.teams.teamsAppId, botAppId: sim.clientId });
    expect((everything.body as { inbound: unknown[] }).inbound.length).toBeGreaterThan(0);
  });
});

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
