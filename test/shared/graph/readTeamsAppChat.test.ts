// Finding the app's 1:1 chat with a user through Graph, and posting to it through the Bot Connector.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../../dev/sim/server.js";
import { createAppTokenProvider } from "../../../shared/graph/createAppTokenProvider.js";
import { createGraphGateway } from "../../../shared/graph/createGraphGateway.js";
import { createHttpsFetch } from "../../../shared/graph/createHttpsFetch.js";
import { readTeamsAppChat } from "../../../shared/graph/readTeamsAppChat.js";
import type { GraphGateway } from "../../../shared/graph/types.js";
import { createBotConnectorClient } from "../../../shared/teams/createBotConnectorClient.js";
import { ROB_ID, TEAMS_FIXTURE, ZOE_ID } from "../../dev/sim/teams/teamsFixture.js";

let sim: Simulator;
let gateway: GraphGateway;

beforeAll(async () => {
  sim = await startSimulator({ fixture: TEAMS_FIXTURE });
  gateway = createGraphGateway({
    tenantId: sim.tenantId,
    clientId: sim.clientId,
    clientSecret: sim.clientSecret,
    authorityHost: sim.urls.login,
    graphBaseUrl: sim.urls.graph,
    caPem: sim.caPem,
  });
});
afterAll(() => sim?.close());

describe("readTeamsAppChat", () => {
  it("is undefined for a user without the app", async () => {
    expect(await readTeamsAppChat(gateway, ZOE_ID, sim.teams.teamsAppId)).toBeUndefined();
  });

  it("gives the installation's chat, which the Bot Connector takes as the conversation", async () => {
    sim.teams.install(
      ROB_ID,
      `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${sim.teams.teamsAppId}`,
      sim.clientId,
    );
    const found = await readTeamsAppChat(gateway, ROB_ID, sim.teams.teamsAppId);
    expect(found?.chatId).toMatch(/^19:.+@unq\.gbl\.spaces$/);
    const reads = sim
      .requests()
      .filter((r) => r.kind === "graph" && r.url.includes(`/users/${ROB_ID}/teamwork`));
    expect(reads.map((r) => decodeURIComponent(r.url))).toEqual([
      `/users/${ROB_ID}/teamwork/installedApps?$expand=teamsApp&$filter=teamsApp/id eq '${sim.teams.teamsAppId}'`,
      `/users/${ROB_ID}/teamwork/installedApps/${found!.installationId}/chat`,
    ]);

    const fetch = createHttpsFetch({ caPem: sim.caPem });
    const connector = createBotConnectorClient({
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
    });
    await connector.sendActivity(sim.teams.serviceUrl, found!.chatId, { type: "message", text: "hello" });
    const conversation = sim.teams.conversationList().find((c) => c.chatId === found!.chatId);
    expect(conversation?.userId).toBe(ROB_ID);
    expect(conversation?.activities.map((a) => a.text)).toEqual(["hello"]);
  });
});
