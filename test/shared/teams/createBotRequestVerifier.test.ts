// The inbound check against the simulator's published OpenID metadata and keys (fetched over HTTPS).
import { HttpRequest } from "@azure/functions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../../dev/sim/server.js";
import { createHttpsFetch } from "../../../shared/graph/createHttpsFetch.js";
import {
  type BotRequestVerifier,
  createBotRequestVerifier,
} from "../../../shared/teams/createBotRequestVerifier.js";
import { ROB_ID, TEAMS_FIXTURE } from "../../dev/sim/teams/teamsFixture.js";

let sim: Simulator;
let verifier: BotRequestVerifier;
let keyReads = 0;

beforeAll(async () => {
  sim = await startSimulator({ fixture: TEAMS_FIXTURE });
  const fetch = createHttpsFetch({ caPem: sim.caPem });
  verifier = createBotRequestVerifier({
    botAppId: sim.clientId,
    openIdMetadataUrl: sim.teams.openIdMetadataUrl,
    issuer: sim.teams.issuer,
    fetch: (input, init) => {
      if (String(input).endsWith("/keys")) keyReads++;
      return fetch(input, init);
    },
  });
});
afterAll(() => sim?.close());

const activity = (overrides: Record<string, unknown> = {}) => ({
  type: "message",
  serviceUrl: sim.teams.serviceUrl,
  channelId: "msteams",
  from: { id: `29:${ROB_ID}`, aadObjectId: ROB_ID },
  conversation: { id: "a:1" },
  ...overrides,
});
const request = (body: unknown, token?: string) =>
  new HttpRequest({
    method: "POST",
    url: "http://127.0.0.1/api/messages",
    headers: token ? { authorization: `Bearer ${token}` } : {},
    body: { string: JSON.stringify(body) },
  });

describe("createBotRequestVerifier", () => {
  it("returns the activity of a request the channel signed, reading the keys once for many requests", async () => {
    const token = await sim.teams.signInboundToken();
    for (let i = 0; i < 3; i++) {
      expect(await verifier.verify(request(activity({ id: `m${i}` }), token))).toMatchObject({ id: `m${i}` });
    }
    expect(keyReads).toBe(1);
  });

  it("refuses (BOT.UNAUTHORIZED, 401) a channel the signing key is not endorsed for", async () => {
    const token = await sim.teams.signInboundToken();
    await expect(verifier.verify(request(activity({ channelId: "webchat" }), token))).rejects.toMatchObject({
      code: "BOT.UNAUTHORIZED",
      status: 401,
    });
  });

  it("refuses a token that is not a JWT, and says BOT.BAD_ACTIVITY (400) for a signed body that is no activity", async () => {
    await expect(verifier.verify(request(activity(), "not-a-jwt"))).rejects.toMatchObject({
      code: "BOT.UNAUTHORIZED",
    });
    const token = await sim.teams.signInboundToken();
    await expect(verifier.verify(request({ type: "message" }, token))).rejects.toMatchObject({
      code: "BOT.BAD_ACTIVITY",
      status: 400,
    });
  });

  it("cannot be built without the bot's app id (no anonymous mode)", () => {
    expect(() =>
      createBotRequestVerifier({ botAppId: "", openIdMetadataUrl: "https://x/", issuer: "i", fetch }),
    ).toThrow(/app id/);
  });
});
