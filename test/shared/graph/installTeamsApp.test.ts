// Installing the Teams app for a user through the gateway's $batch, against the simulator over HTTPS.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../../dev/sim/server.js";
import { createGraphGateway } from "../../../shared/graph/createGraphGateway.js";
import { installTeamsApp } from "../../../shared/graph/installTeamsApp.js";
import type { GraphGateway } from "../../../shared/graph/types.js";
import { ROB_ID, TEAMS_FIXTURE } from "../../dev/sim/teams/teamsFixture.js";

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

describe("installTeamsApp", () => {
  it("installs the catalog app for the user, then reports it already installed (Graph's 409)", async () => {
    expect(await installTeamsApp(gateway, ROB_ID, sim.teams.teamsAppId)).toBe("installed");
    expect(sim.teams.isInstalled(ROB_ID)).toBe(true);
    expect(await installTeamsApp(gateway, ROB_ID, sim.teams.teamsAppId)).toBe("alreadyInstalled");
    const posts = sim.requests().filter((r) => r.kind === "graph" || r.kind === "batch");
    const inner = posts.filter((r) => r.url === `/users/${ROB_ID}/teamwork/installedApps`);
    expect(inner.map((r) => [r.method, r.status])).toEqual([
      ["POST", 201],
      ["POST", 409],
    ]);
  });

  it("throws the Graph error for a user who does not exist", async () => {
    await expect(
      installTeamsApp(gateway, "nobody@contoso.example", sim.teams.teamsAppId),
    ).rejects.toMatchObject({
      code: "GRAPH.NOT_FOUND",
    });
  });
});
