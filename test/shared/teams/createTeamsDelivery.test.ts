// Card delivery through the simulated Bot Connector over HTTPS, wired from settings as the functions wire it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../../dev/sim/server.js";
import { simulatorSettings } from "../../../dev/sim/simulatorSettings.js";
import { gatewayFromSettings } from "../../../shared/composition/gatewayFromSettings.js";
import { teamsDeliveryFromSettings } from "../../../shared/composition/teamsDeliveryFromSettings.js";
import { parseSettings } from "../../../shared/config.js";
import { AppError } from "../../../shared/errors.js";
import { createAppTokenProvider } from "../../../shared/graph/createAppTokenProvider.js";
import { createHttpsFetch } from "../../../shared/graph/createHttpsFetch.js";
import { createBotConnectorClient } from "../../../shared/teams/createBotConnectorClient.js";
import type { TeamsDelivery } from "../../../shared/usecases/ports/teamsDelivery.js";
import { MARA_ID, ROB_ID, TEAMS_FIXTURE, ZOE_ID } from "../../dev/sim/teams/teamsFixture.js";

let sim: Simulator;
let delivery: TeamsDelivery;
let wallNow = Date.now();
const card = (text: string) => ({
  type: "AdaptiveCard",
  version: "1.5",
  body: [{ type: "TextBlock", text }],
});

beforeAll(async () => {
  sim = await startSimulator({ fixture: TEAMS_FIXTURE, wallClock: () => wallNow });
  const settings = parseSettings({
    AzureWebJobsStorage: "UseDevelopmentStorage=true",
    CADENCE_SCAN_SCHEDULE: "0 0 2 * * *",
    ...simulatorSettings(sim),
  });
  delivery = teamsDeliveryFromSettings(settings, gatewayFromSettings(settings));
});
afterAll(() => sim?.close());

describe("createTeamsDelivery", () => {
  it("installs the Teams app for a user who lacks it, then opens the 1:1 conversation (the same one again)", async () => {
    expect(sim.teams.isInstalled(ROB_ID)).toBe(false);
    const first = await delivery.ensureConversation({ id: ROB_ID, tenantId: sim.tenantId });
    expect(first).toEqual({
      ok: true,
      value: { conversationId: expect.stringMatching(/^a:/), serviceUrl: sim.teams.serviceUrl },
    });
    expect(sim.teams.isInstalled(ROB_ID)).toBe(true);
    const installs = sim.requests().filter((r) => r.url === `/users/${ROB_ID}/teamwork/installedApps`);
    expect(installs.map((r) => [r.method, r.status])).toEqual([["POST", 201]]);
    const again = await delivery.ensureConversation({ id: ROB_ID, tenantId: sim.tenantId });
    expect(again).toEqual(first);
  });

  it("sends a card as an Adaptive Card attachment and replaces it on update", async () => {
    const conv = await delivery.ensureConversation({ id: ROB_ID, tenantId: sim.tenantId });
    if (!conv.ok) throw conv.error;
    const { activityId } = await delivery.sendCard(conv.value, card("Tuesday 10:00"));
    await delivery.updateCard(conv.value, activityId, card("Wednesday 11:00"));
    const shown = sim.teams
      .conversationList()
      .find((c) => c.id === conv.value.conversationId)!
      .activities.find((a) => a.id === activityId)!;
    expect(shown.updates).toBe(1);
    expect(shown.attachments).toEqual([
      { contentType: "application/vnd.microsoft.card.adaptive", content: card("Wednesday 11:00") },
    ]);
  });

  it("returns TEAMS.BLOCKED for a user who blocked the bot, and throws it when sending to them", async () => {
    const conv = await delivery.ensureConversation({ id: MARA_ID, tenantId: sim.tenantId });
    if (!conv.ok) throw conv.error;
    sim.teams.setBlocked(MARA_ID, true);
    const blocked = await delivery.ensureConversation({ id: MARA_ID, tenantId: sim.tenantId });
    expect(blocked.ok ? "ok" : blocked.error.code).toBe("TEAMS.BLOCKED");
    await expect(delivery.sendCard(conv.value, card("x"))).rejects.toMatchObject({ code: "TEAMS.BLOCKED" });
    // Blocked is final for this run: one refused request, no retries.
    const refusals = sim.requests().filter((r) => r.errorCode === "ConversationBlockedByUser");
    expect(refusals).toHaveLength(2);
    sim.teams.setBlocked(MARA_ID, false);
  });

  it("reports TEAMS.NOT_INSTALLED when no Teams app id is configured to install", async () => {
    const settings = parseSettings({
      AzureWebJobsStorage: "UseDevelopmentStorage=true",
      CADENCE_SCAN_SCHEDULE: "0 0 2 * * *",
      ...simulatorSettings(sim),
      CADENCE_TEAMS_APP_ID: undefined,
    });
    const bare = teamsDeliveryFromSettings(settings, gatewayFromSettings(settings));
    const out = await bare.ensureConversation({ id: ZOE_ID, tenantId: sim.tenantId });
    expect(out.ok ? "ok" : out.error.code).toBe("TEAMS.NOT_INSTALLED");
  });
});

describe("createBotConnectorClient retries", () => {
  const client = (slept: number[]) => {
    const fetch = createHttpsFetch({ caPem: sim.caPem });
    return createBotConnectorClient({
      tokens: createAppTokenProvider({
        tenantId: sim.tenantId,
        clientId: sim.clientId,
        clientSecret: sim.clientSecret,
        authorityHost: sim.urls.login,
        scope: "https://api.botframework.com/.default",
        fetch,
      }),
      botAppId: sim.clientId,
      fetch,
      // The simulator's throttling window follows wallNow: waiting moves it.
      sleep: async (ms) => {
        slept.push(ms);
        wallNow += ms;
      },
    });
  };

  it("sends a throttled activity again after Retry-After, and it is delivered once", async () => {
    const slept: number[] = [];
    const connector = client(slept);
    const conversationId = await connector.createConversation(sim.teams.serviceUrl, {
      aadObjectId: ROB_ID,
      tenantId: sim.tenantId,
    });
    const before = sim.teams.conversationList().find((c) => c.id === conversationId)!.activities.length;
    wallNow += 5_000;
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      ids.push(
        await connector.sendActivity(sim.teams.serviceUrl, conversationId, { type: "message", text: `${i}` }),
      );
    }
    expect(slept).toEqual([1000]);
    expect(new Set(ids).size).toBe(8);
    const texts = sim.teams
      .conversationList()
      .find((c) => c.id === conversationId)!
      .activities.slice(before)
      .map((a) => a.text);
    expect(texts).toEqual(["0", "1", "2", "3", "4", "5", "6", "7"]);
  });

  it("gives up with TEAMS.THROTTLED when Bot Connector keeps answering 429", async () => {
    const slept: number[] = [];
    const always429 = createBotConnectorClient({
      tokens: { getAccessToken: async () => "t" },
      botAppId: sim.clientId,
      fetch: async () => new Response("{}", { status: 429, headers: { "retry-after": "2" } }),
      sleep: async (ms) => {
        slept.push(ms);
      },
    });
    const err = await always429
      .sendActivity(sim.teams.serviceUrl, "a:x", { type: "message" })
      .catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe("TEAMS.THROTTLED");
    expect(slept).toEqual([2000, 2000, 2000]);
  });

  it("does not send a POSTed activity again after a 502 (it may have been delivered); PUT it does", async () => {
    let calls = 0;
    const flaky = createBotConnectorClient({
      tokens: { getAccessToken: async () => "t" },
      botAppId: "bot",
      fetch: async () => {
        calls++;
        return calls === 1
          ? new Response("{}", { status: 502 })
          : new Response('{"id":"1:1"}', { status: 200 });
      },
      sleep: async () => {},
    });
    await expect(flaky.sendActivity("https://x/", "a:x", { type: "message" })).rejects.toMatchObject({
      code: "TEAMS.UNCERTAIN",
    });
    expect(calls).toBe(1);
    calls = 0;
    await flaky.updateActivity("https://x/", "a:x", "1:1", { type: "message" });
    expect(calls).toBe(2);
  });

  it("sends a POSTed activity again after a 503, which Bot Connector answers before acting", async () => {
    let calls = 0;
    const slept: number[] = [];
    const flaky = createBotConnectorClient({
      tokens: { getAccessToken: async () => "t" },
      botAppId: "bot",
      fetch: async () => {
        calls++;
        return calls === 1
          ? new Response("{}", { status: 503 })
          : new Response('{"id":"1:1"}', { status: 201 });
      },
      sleep: async (ms) => {
        slept.push(ms);
      },
      baseDelayMs: 10,
    });
    await expect(flaky.sendActivity("https://x/", "a:x", { type: "message" })).resolves.toBe("1:1");
    expect(calls).toBe(2);
    expect(slept).toEqual([10]);
  });

  it("gives up on an activity whose answer is lost (timeout, reset, garbled 2xx) with TEAMS.UNCERTAIN, once", async () => {
    for (const failure of ["timeout", "reset", "garbled"] as const) {
      let calls = 0;
      const client = createBotConnectorClient({
        tokens: { getAccessToken: async () => "t" },
        botAppId: "bot",
        timeoutMs: 20,
        fetch: async (_url, init) => {
          calls++;
          if (failure === "garbled") return new Response('{"id":"1:', { status: 201 });
          if (failure === "reset") throw Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
          // Never answers; only the client's timeout ends the wait.
          return await new Promise<Response>((_resolve, reject) =>
            init?.signal?.addEventListener("abort", () => reject(new Error("aborted"))),
          );
        },
        sleep: async () => {},
      });
      const err = await client.sendActivity("https://x/", "a:x", { type: "message" }).catch((e) => e);
      expect(err).toMatchObject({ code: "TEAMS.UNCERTAIN" });
      expect(calls).toBe(1);
    }
  });
});
