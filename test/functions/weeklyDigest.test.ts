// The weekly digest end to end: dev/host loads the timer with its %CADENCE_DIGEST_SCHEDULE% binding, the admin
// API fires it, and the card lands in the simulator's Workflows webhook over HTTPS (its CA trusted by path).
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningHost, startHost } from "../../dev/host/startHost.js";
import { type Simulator, startSimulator } from "../../dev/sim/server.js";
import { type AzuriteHandle, startAzurite } from "../../dev/storage/startAzurite.js";
import { ScanStore } from "../../shared/store/scanStore.js";
import { WORKFLOW_MAX_BYTES } from "../../shared/teams/workflowMessage.js";
import { sendWeeklyDigest } from "../../shared/usecases/sendWeeklyDigest.js";
import { STAND_IN_FIXTURE } from "../helpers/standInTenant.js";
import { countsOf, pair, run } from "../shared/report/reportRecords.js";
import { adaptiveCardValidator } from "../shared/teams/adaptiveCardSchema.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const MASTER = "digest-master-key";
const AT = "2026-11-23T08:00:00.000Z";
const WEEK_AGO = "2026-11-16T08:00:00.000Z";

let azurite: AzuriteHandle;
let sim: Simulator;
let host: RunningHost;
const logs: string[] = [];

beforeAll(async () => {
  azurite = await startAzurite();
  sim = await startSimulator({ fixture: STAND_IN_FIXTURE, port: 0 });
  host = await startHost({
    appDir: repoRoot,
    main: "functions/weeklyDigest.ts",
    port: 0,
    log: (line) => logs.push(line),
    env: {
      AzureWebJobsStorage: azurite.connectionString,
      GRAPH_TENANT_ID: sim.tenantId,
      GRAPH_CLIENT_ID: sim.clientId,
      GRAPH_CLIENT_SECRET: sim.clientSecret,
      GRAPH_CA_CERT_PATH: sim.caCert,
      CADENCE_SCAN_SCHEDULE: "0 0 2 * * *",
      CADENCE_DIGEST_SCHEDULE: "0 0 8 * * 1",
      CADENCE_DIGEST_WEBHOOK_URL: `${sim.urls.webhook}/admins`,
      CADENCE_REPORT_URL: "https://cadence.example/api/report",
      CADENCE_NOW: AT,
      CADENCE_HOST_MASTER_KEY: MASTER,
    },
  });
}, 60_000);

afterAll(async () => {
  await host?.close();
  await sim?.close();
  await azurite?.stop();
});

const fire = () =>
  fetch(`${host.url}/admin/functions/weeklyDigest`, {
    method: "POST",
    headers: { "x-functions-key": MASTER, "content-type": "application/json" },
    body: "{}",
  });

async function until<T>(probe: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const found = probe();
    if (found !== undefined) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("weeklyDigest timer", () => {
  it("is registered on the schedule named by CADENCE_DIGEST_SCHEDULE", () => {
    expect(host.functions).toContainEqual(
      expect.objectContaining({ name: "weeklyDigest", kind: "timer", schedule: "0 0 8 * * 1" }),
    );
  });

  it("posts nothing while no scan has completed", async () => {
    expect((await fire()).status).toBe(202);
    await until(() => logs.find((l) => l.includes("no scan has completed yet")), "the skip log");
    expect(sim.cards()).toHaveLength(0);
  });

  it("posts a valid Adaptive Card 1.5 within 28 KB with the health, the change since last week and the worst gaps", async () => {
    const latest = [
      pair("r2", AT, { manager: "ada", report: "bob", status: "healthy", heldDaysAgo: 2 }),
      pair("r2", AT, {
        manager: "ada",
        report: "cy",
        status: "lapsed",
        heldDaysAgo: 50,
        reportName: "Cy [x](y)",
      }),
      pair("r2", AT, { manager: "gus", report: "dee", status: "missing" }),
    ];
    const store = await ScanStore.open(azurite.connectionString);
    await store.saveRun(run("1-r2", AT, countsOf(latest)));
    await store.saveRun(run("2-r1", WEEK_AGO, { healthy: 1, missing: 3 }));
    await store.writePairs(latest.map((p) => ({ ...p, runId: "1-r2" })));

    expect((await fire()).status).toBe(202);
    const post = await until(() => sim.cards().find((p) => p.webhookId === "admins"), "the digest card");
    const body = post.body as {
      type: string;
      attachments: { contentType: string; content: Record<string, unknown> }[];
    };
    expect(body.type).toBe("message");
    expect(body.attachments).toHaveLength(1);
    expect(body.attachments[0]!.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(Buffer.byteLength(JSON.stringify(body))).toBeLessThanOrEqual(WORKFLOW_MAX_BYTES);
    const card = body.attachments[0]!.content;
    expect(adaptiveCardValidator()(card)).toEqual([]);
    const text = JSON.stringify(card);
    expect(text).toContain("33.3%"); // 1 of 3 healthy
    expect(text).toContain("+8.3 points since 2026-11-16"); // from 25%
    expect(text).toContain("gus → dee (Sales): missing, no 1:1 in the lookback");
    // Names go into TextRuns, which Teams does not read as markdown, so this one cannot become a link.
    expect(text).toContain(
      '{"type":"TextRun","text":"ada → Cy [x](y) (Sales): lapsed, 50 days since the last 1:1"}',
    );
    expect(card.actions).toEqual([
      { type: "Action.OpenUrl", title: "Open the full report", url: "https://cadence.example/api/report" },
    ]);
  });
});

describe("weeklyDigest without CADENCE_DIGEST_SCHEDULE", () => {
  it("loads in the local host without the timer: a digest that is off does not stop the app", async () => {
    const off = await startHost({
      appDir: repoRoot,
      main: "functions/weeklyDigest.ts",
      port: 0,
      log: () => {},
      env: {
        AzureWebJobsStorage: azurite.connectionString,
        GRAPH_TENANT_ID: sim.tenantId,
        GRAPH_CLIENT_ID: sim.clientId,
        GRAPH_CLIENT_SECRET: sim.clientSecret,
        CADENCE_SCAN_SCHEDULE: "0 0 2 * * *",
        CADENCE_DIGEST_SCHEDULE: "",
        CADENCE_HOST_MASTER_KEY: MASTER,
      },
    });
    try {
      expect(off.functions.map((f) => f.name)).not.toContain("weeklyDigest");
    } finally {
      await off.close();
    }
  }, 60_000);
});

describe("sendWeeklyDigest", () => {
  it("skips without a webhook and reads nothing", async () => {
    const store = {
      listRuns: () => Promise.reject(new Error("must not read")),
      listPairs: () => Promise.reject(new Error("must not read")),
    };
    await expect(
      sendWeeklyDigest({ store, clock: { now: () => new Date(AT) }, minGroupSize: 5, post: undefined }),
    ).resolves.toEqual({ sent: false, reason: "NO_WEBHOOK" });
  });
});
