// POST /api/messages through the local Functions host over HTTP, with the simulator as the Teams channel.
import { fileURLToPath } from "node:url";
import { generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type RunningHost, startHost } from "../../dev/host/startHost.js";
import { type Simulator, startSimulator } from "../../dev/sim/server.js";
import { simulatorSettings } from "../../dev/sim/simulatorSettings.js";
import { gatewayFromSettings } from "../../shared/composition/gatewayFromSettings.js";
import { teamsDeliveryFromSettings } from "../../shared/composition/teamsDeliveryFromSettings.js";
import { parseSettings } from "../../shared/config.js";
import { CARD_VERBS } from "../../shared/domain/agenda/cardVerbs.js";
import { AgendaTableStore } from "../../shared/store/agendaTableStore.js";
import { ProposalStore } from "../../shared/store/proposalStore.js";
import { cardActionValueSchema } from "../../shared/teams/cardActionValueSchema.js";
import { agendaPairKey } from "../../shared/usecases/agendaPairKey.js";
import type { DeliveryRecord } from "../../shared/usecases/ports/agendaStores.js";
import { MARA_ID, ROB_ID, TEAMS_FIXTURE, ZOE_ID } from "../dev/sim/teams/teamsFixture.js";
import { marasOpenProposal } from "../helpers/openProposalDefaults.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
let sim: Simulator;
let host: RunningHost;
/** The host's settings: the run's Azurite (the agenda tables) and the simulator. */
let hostEnv: Record<string, string>;

beforeAll(async () => {
  sim = await startSimulator({ fixture: TEAMS_FIXTURE });
  hostEnv = {
    AzureWebJobsStorage: inject("azuriteConnectionString"),
    CADENCE_SCAN_SCHEDULE: "0 0 2 * * *",
    ...simulatorSettings(sim),
  };
  host = await startHost({
    appDir: repoRoot,
    main: "functions/botMessages.ts",
    port: 0,
    log: () => {},
    env: hostEnv,
  });
  sim.teams.setBotEndpoint(`${host.url}/api/messages`);
}, 60_000);
afterAll(async () => {
  await host?.close();
  await sim?.close();
});

const invoke = (
  value: unknown = { action: { type: "Action.Execute", verb: "noSuchVerb", data: {} }, trigger: "manual" },
) => ({
  type: "invoke",
  name: "adaptiveCard/action",
  id: "f:1",
  serviceUrl: sim.teams.serviceUrl,
  channelId: "msteams",
  from: { id: `29:${ROB_ID}`, aadObjectId: ROB_ID },
  conversation: { id: "a:conv", tenantId: sim.tenantId, conversationType: "personal" },
  recipient: { id: `28:${sim.clientId}` },
  replyToId: "1:1",
  value,
});
const post = (body: unknown, token?: string) =>
  fetch(`${host.url}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

describe("botMessages", () => {
  it("answers a correctly signed press of an unknown verb with an invoke error", async () => {
    const res = await post(invoke(), await sim.teams.signInboundToken());
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      statusCode: 400,
      type: "application/vnd.microsoft.error",
      value: { code: "CARD.UNKNOWN_ACTION" },
    });
  });

  it("refuses with 401, processing nothing: unsigned, expired, another audience, another key", async () => {
    const { privateKey } = await generateKeyPair("RS256");
    const now = Math.floor(Date.now() / 1000);
    const forged = (kid: string) =>
      new SignJWT({ serviceurl: sim.teams.serviceUrl })
        .setProtectedHeader({ alg: "RS256", kid })
        .setIssuer(sim.teams.issuer)
        .setAudience(sim.clientId)
        .setIssuedAt(now)
        .setExpirationTime(now + 600)
        .sign(privateKey);
    const tokens = {
      unsigned: undefined,
      expired: await sim.teams.signInboundToken({ lifetimeSeconds: -3600 }),
      wrongAudience: await sim.teams.signInboundToken({ audience: "https://api.botframework.com" }),
      wrongKeySameKid: await forged("sim-botframework-1"),
      wrongKeyOtherKid: await forged("someone-else"),
      otherServiceUrl: await sim.teams.signInboundToken({
        serviceUrl: "https://smba.trafficmanager.net/emea/",
      }),
    };
    const statuses: Record<string, number> = {};
    for (const [name, token] of Object.entries(tokens)) statuses[name] = (await post(invoke(), token)).status;
    expect(statuses).toEqual({
      unsigned: 401,
      expired: 401,
      wrongAudience: 401,
      wrongKeySameKid: 401,
      wrongKeyOtherKid: 401,
      otherServiceUrl: 401,
    });
  });

  it("answers malformed action data with an invoke error, not a crash", async () => {
    const token = await sim.teams.signInboundToken();
    for (const value of [
      null,
      { action: { type: "Action.Submit", verb: "x" } },
      { action: { type: "Action.Execute" } },
    ]) {
      const res = await post(invoke(value), token);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        statusCode: 400,
        type: "application/vnd.microsoft.error",
        value: { code: "CARD.MALFORMED_ACTION" },
      });
    }
    expect((await post({ type: "invoke" }, token)).status).toBe(400);
    // A known verb whose data is not what its card sends: refused before anything is looked up.
    for (const data of [
      {},
      { pairKey: "", occurrenceId: "o" },
      { pairKey: "p", occurrenceId: "o", talkingPointText: "" },
    ]) {
      const res = await post(
        invoke({ action: { type: "Action.Execute", verb: CARD_VERBS.addTalkingPoint, data } }),
        token,
      );
      expect(await res.json()).toMatchObject({
        statusCode: 400,
        type: "application/vnd.microsoft.error",
        value: { code: "CARD.INVALID_DATA" },
      });
    }
  });

  it("acknowledges other activities; a press by the pair's report refreshes the card, an outsider is refused", async () => {
    const token = await sim.teams.signInboundToken();
    expect((await post({ ...invoke(), type: "installationUpdate", action: "add" }, token)).status).toBe(200);

    // An agenda card to Rob (Mara's report) through the simulated Bot Connector, recorded as sendAgendas does.
    const settings = parseSettings(hostEnv);
    const delivery = teamsDeliveryFromSettings(settings, gatewayFromSettings(settings));
    const conversation = await delivery.ensureConversation({ id: ROB_ID, tenantId: sim.tenantId });
    if (!conversation.ok) throw conversation.error;
    const { activityId } = await delivery.sendCard(conversation.value, {
      type: "AdaptiveCard",
      version: "1.5",
      body: [{ type: "TextBlock", text: "Agenda" }],
    });
    const pairKey = agendaPairKey(MARA_ID, ROB_ID);
    const occurrenceId = `occ-${activityId}`;
    const record: DeliveryRecord = {
      occurrenceId,
      recipientId: ROB_ID,
      pairKey,
      managerId: MARA_ID,
      reportId: ROB_ID,
      managerName: "Mara",
      reportName: "Rob",
      timeZone: "UTC",
      language: "en",
      state: "sent",
      updatedAt: new Date().toISOString(),
      activityId,
      ...conversation.value,
      start: "2030-01-08T09:00:00.000Z",
      end: "2030-01-08T09:30:00.000Z",
      seriesMasterId: null,
      joinUrl: null,
      error: null,
    };
    const store = await AgendaTableStore.open(hostEnv.AzureWebJobsStorage!);
    expect(await store.claimDelivery(record)).toBe(true);

    const data = {
      pairKey,
      occurrenceId,
      talkingPointText: "Conference budget",
      talkingPointPrivate: "false",
    };
    const pressed = await sim.teams.cardAction({
      user: ROB_ID,
      activityId,
      verb: CARD_VERBS.addTalkingPoint,
      data,
    });
    expect(pressed.status).toBe(200);
    expect(pressed.body).toMatchObject({ statusCode: 200, type: "application/vnd.microsoft.card.adaptive" });
    const shown = sim.teams
      .conversationList()
      .find((c) => c.id === conversation.value.conversationId)!
      .activities.find((a) => a.id === activityId)!;
    expect(JSON.stringify(shown.attachments)).toContain("Conference budget");

    // Zoe is not in the pair: her signed press on Rob's card (same conversation and message) is refused.
    const outsider = {
      ...invoke({ action: { type: "Action.Execute", verb: CARD_VERBS.addTalkingPoint, data } }),
      from: { id: `29:${ZOE_ID}`, aadObjectId: ZOE_ID },
      conversation: {
        id: conversation.value.conversationId,
        tenantId: sim.tenantId,
        conversationType: "personal",
      },
      replyToId: activityId,
    };
    const refused = await post(outsider, token);
    expect(refused.status).toBe(200);
    expect(await refused.json()).toMatchObject({
      statusCode: 403,
      type: "application/vnd.microsoft.error",
      value: { code: "CARD.NOT_A_PARTICIPANT" },
    });
    expect((await store.listTalkingPoints(pairKey)).map((p) => [p.authorId, p.text])).toEqual([
      [ROB_ID, "Conference budget"],
    ]);
  });

  it("answers a proposal card's 'not now' for its manager through the scheduling use case; refuses anyone else", async () => {
    const proposals = await ProposalStore.open(hostEnv.AzureWebJobsStorage!);
    const proposal = marasOpenProposal();
    const id = proposal.proposalId;
    await proposals.save(proposal);
    const token = await sim.teams.signInboundToken();
    const press = (actorId: string) =>
      post(
        {
          ...invoke({
            action: {
              type: "Action.Execute",
              verb: CARD_VERBS.snoozeProposal,
              data: { proposalId: id, pairKey: agendaPairKey(MARA_ID, ROB_ID) },
            },
          }),
          from: { id: `29:${actorId}`, aadObjectId: actorId },
        },
        token,
      );
    expect(await (await press(ZOE_ID)).json()).toMatchObject({
      statusCode: 403,
      value: { code: "CARD.NOT_A_PARTICIPANT" },
    });
    expect((await proposals.get(MARA_ID, ROB_ID))?.proposal.state).toBe("proposed");
    const answered = (await (await press(MARA_ID)).json()) as { statusCode: number; value: unknown };
    expect(answered).toMatchObject({ statusCode: 200, type: "application/vnd.microsoft.card.adaptive" });
    expect(JSON.stringify(answered.value)).toContain("snoozed until");
    expect((await proposals.get(MARA_ID, ROB_ID))?.proposal).toMatchObject({
      state: "snoozed",
      answeredBy: MARA_ID,
    });
  });

  it("validates the invoke value with an exported schema", () => {
    expect(cardActionValueSchema.safeParse({ action: { type: "Action.Execute", verb: "v" } }).success).toBe(
      true,
    );
    expect(cardActionValueSchema.safeParse({ action: { type: "Action.Execute", verb: "" } }).success).toBe(
      false,
    );
  });
});
