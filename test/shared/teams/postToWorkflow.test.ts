import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../../dev/sim/server.js";
import { createHttpsFetch } from "../../../shared/graph/createHttpsFetch.js";
import { postToWorkflow } from "../../../shared/teams/postToWorkflow.js";
import { WORKFLOW_MAX_BYTES, workflowMessage } from "../../../shared/teams/workflowMessage.js";
import { STAND_IN_FIXTURE } from "../../helpers/standInTenant.js";

let sim: Simulator;
let fetch: ReturnType<typeof createHttpsFetch>;
beforeAll(async () => {
  sim = await startSimulator({ fixture: STAND_IN_FIXTURE, port: 0 });
  fetch = createHttpsFetch({ caPem: sim.caPem });
});
afterAll(() => sim?.close());

const card = (text: string) => ({
  type: "AdaptiveCard",
  version: "1.5",
  body: [{ type: "TextBlock", text }],
});

describe("postToWorkflow against the simulator's Workflows webhook (real HTTPS)", () => {
  it("posts the message envelope once and returns the webhook's 202", async () => {
    const message = workflowMessage(card("Ünïcode → ok"));
    const result = await postToWorkflow(`${sim.urls.webhook}/admins`, message, { fetch });
    expect(result.status).toBe(202);
    expect(result.bytes).toBe(Buffer.byteLength(JSON.stringify(message)));
    const posts = sim.cards().filter((p) => p.webhookId === "admins");
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body).toEqual(message);
  });

  it("refuses a message above 28 KB before sending it", async () => {
    const before = sim.cards().length;
    const huge = workflowMessage(card("x".repeat(WORKFLOW_MAX_BYTES)));
    await expect(postToWorkflow(`${sim.urls.webhook}/admins`, huge, { fetch })).rejects.toMatchObject({
      code: "TEAMS.CARD_TOO_LARGE",
    });
    expect(sim.cards().length).toBe(before);
  });

  it("turns a refusal into TEAMS.WEBHOOK_REJECTED and an unreachable host into TEAMS.WEBHOOK_UNAVAILABLE", async () => {
    const message = workflowMessage(card("hi"));
    await expect(postToWorkflow(`${sim.urls.webhook}/a/b/c`, message, { fetch })).rejects.toMatchObject({
      code: "TEAMS.WEBHOOK_REJECTED",
      status: 404,
    });
    await expect(postToWorkflow("https://127.0.0.1:1/webhook/x", message, { fetch })).rejects.toMatchObject({
      code: "TEAMS.WEBHOOK_UNAVAILABLE",
    });
  });
});
