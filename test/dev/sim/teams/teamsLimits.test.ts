// The Bot Connector's per-tenant limit, configured low so a few calls reach it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTrustingFetch } from "../../../../dev/sim/core/trustingFetch.js";
import { type Simulator, startSimulator } from "../../../../dev/sim/server.js";
import { msalFor } from "../../../helpers/msalFor.js";
import { MARA_ID, ROB_ID, TEAMS_FIXTURE } from "./teamsFixture.js";

let sim: Simulator;
let wallNow = Date.now();

beforeAll(async () => {
  sim = await startSimulator({
    fixture: TEAMS_FIXTURE,
    wallClock: () => wallNow,
    teams: { limits: { tenantPerSecond: 3 } },
  });
});
afterAll(() => sim?.close());

describe("Bot Connector tenant limit", () => {
  it("answers 429 + Retry-After past the tenant's calls per second, whichever conversation they go to", async () => {
    const bind = `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${sim.teams.teamsAppId}`;
    for (const user of [MARA_ID, ROB_ID]) sim.teams.install(user, bind, sim.clientId);
    const token = (await msalFor(sim).acquireTokenByClientCredential({
      scopes: ["https://api.botframework.com/.default"],
    }))!.accessToken;
    const fetch = createTrustingFetch(sim.caPem);
    const open = (user: string) =>
      fetch(`${sim.teams.serviceUrl}v3/conversations`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({
          bot: { id: sim.clientId },
          members: [{ id: user }],
          channelData: { tenant: { id: sim.tenantId } },
          isGroup: false,
        }),
      });
    wallNow += 5_000;
    const answers = [await open(MARA_ID), await open(ROB_ID), await open(MARA_ID), await open(ROB_ID)];
    expect(answers.map((r) => r.status)).toEqual([201, 201, 201, 429]);
    expect(answers[3]!.headers.get("retry-after")).toBe("1");
    wallNow += 1_000;
    expect((await open(ROB_ID)).status).toBe(201);
  });
});
