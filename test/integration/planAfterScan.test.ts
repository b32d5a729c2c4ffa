// A completed scan leads to proposals with nobody asking: the last shard queues `{ runId }` on series-plans and
// planSeriesQueue plans from that run — through the local Functions host, Azurite's queues and tables, and the
// simulator over HTTPS.
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningHost, startHost } from "../../dev/host/startHost.js";
import { localAppSettings } from "../../dev/localAppSettings.js";
import { scanThroughHost } from "../../dev/scanThroughHost.js";
import { generateTenant } from "../../dev/sim/generate/generateTenant.js";
import { type Simulator, startSimulator } from "../../dev/sim/server.js";
import { type AzuriteHandle, startAzurite } from "../../dev/storage/startAzurite.js";
import { ProposalStore } from "../../shared/store/proposalStore.js";
import { ScanStore } from "../../shared/store/scanStore.js";

const MASTER_KEY = "plan-after-scan-key";
const tenant = generateTenant({ users: 80, seed: 21 });

let azurite: AzuriteHandle;
let sim: Simulator;
let host: RunningHost;
const logs: string[] = [];

beforeAll(async () => {
  azurite = await startAzurite();
  sim = await startSimulator({ fixture: tenant.fixture, port: 0 });
  host = await startHost({
    appDir: resolve(import.meta.dirname, "../.."),
    port: 0,
    workers: 1,
    env: localAppSettings({
      storage: azurite.connectionString,
      sim,
      now: tenant.fixture.now,
      masterKey: MASTER_KEY,
    }),
    log: (line) => logs.push(line),
  });
}, 120_000);

afterAll(async () => {
  await host?.close();
  await sim?.close();
  await azurite?.stop();
});

describe("planning after a scan (dev/host + Azurite + simulator)", () => {
  it("proposes for the completed scan's missing and lapsed pairs; an accepted one shows as created in the report", async () => {
    const run = await scanThroughHost(host.url, MASTER_KEY);
    expect(run.state).toBe("complete");
    const planned = `series plan for scan ${run.runId}`;
    const deadline = Date.now() + 180_000;
    while (!logs.some((l) => l.includes(planned)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(
      logs.filter((l) => l.includes(planned)),
      logs.slice(-20).join("\n"),
    ).toHaveLength(1);

    const pairs = await (await ScanStore.open(azurite.connectionString)).listPairs(run.runId);
    const needing = pairs.filter((p) => p.status === "missing" || p.status === "lapsed");
    expect(needing.length).toBeGreaterThan(3);
    const proposals = await (await ProposalStore.open(azurite.connectionString)).list();
    const key = (p: { managerId: string; reportId: string }) => `${p.managerId}/${p.reportId}`;
    const needed = new Set(needing.map(key));
    expect(proposals.length).toBeGreaterThan(needing.length / 2);
    expect(proposals.every((p) => needed.has(key(p)) && p.state === "proposed")).toBe(true);

    // The API shows them to the admin.
    const listed = await fetch(`${host.url}/api/proposals`, { headers: { "x-functions-key": MASTER_KEY } });
    expect(listed.status).toBe(200);
    expect(JSON.stringify(await listed.json())).toContain(proposals[0]!.proposalId);

    // Accepting one through the API books it; the admin report then shows both kinds of marker.
    const [first] = proposals.sort((a, b) => a.proposalId.localeCompare(b.proposalId));
    const accepted = await fetch(
      `${host.url}/api/proposals/${encodeURIComponent(first!.proposalId)}/accept`,
      {
        method: "POST",
        headers: { "x-functions-key": MASTER_KEY, "content-type": "application/json" },
        body: "{}",
      },
    );
    expect(accepted.status).toBe(200);
    const answer = (await accepted.json()) as { outcome: string; proposal: { seriesId: string | null } };
    expect(answer.outcome).toBe("created");
    expect(answer.proposal.seriesId).toBeTruthy();
    const report = await fetch(`${host.url}/api/report?format=json`, {
      headers: { "x-functions-key": MASTER_KEY },
    });
    expect(report.status).toBe(200);
    const model = (await report.json()) as {
      needsAction: Array<{ managerId: string; reportId: string; proposal: string | null }>;
    };
    const marker = (p: { managerId: string; reportId: string }) =>
      model.needsAction.find((x) => x.managerId === p.managerId && x.reportId === p.reportId)?.proposal;
    expect(marker(first!)).toMatch(/^series created \w{3} \d\d:\d\d /);
    expect(proposals.slice(1).every((p) => /^proposed \w{3} \d\d:\d\d /.test(marker(p) ?? ""))).toBe(true);
  }, 300_000);
});
