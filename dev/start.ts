// `npm start`: the demo on one machine, no account needed — Azurite, the tenant simulator with a generated demo
// tenant, and the local Functions host; runs a scan through the real fan-out and prints what it found.
import { randomBytes } from "node:crypto";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describeShardSkip } from "../shared/domain/describeShardSkip.js";
import { ScanStore } from "../shared/store/scanStore.js";
import type { ScanRun } from "../shared/usecases/ports/scanRecords.js";
import { acceptDemoProposals } from "./acceptDemoProposals.js";
import { deliverDemoCards } from "./demoCards.js";
import { startHost } from "./host/startHost.js";
import { localAppSettings } from "./localAppSettings.js";
import { scanThroughHost } from "./scanThroughHost.js";
import { generateTenant } from "./sim/generate/generateTenant.js";
import { startSimulator } from "./sim/server.js";
import { startAzurite } from "./storage/startAzurite.js";

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const DEMO = { users: Number(process.env.CADENCE_DEMO_USERS ?? 300), seed: 42 };
const PORT = Number(process.env.PORT ?? 7071);
const say = (line: string) => process.stdout.write(`${line}\n`);

const stops: (() => Promise<void>)[] = [];
let stopping = false;
async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    for (const stop of stops.reverse()) await stop().catch(() => {});
  }
  process.exit(code);
}
process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));

try {
  const azurite = await startAzurite();
  stops.push(() => azurite.stop());
  const { fixture } = generateTenant(DEMO);
  const sim = await startSimulator({ fixture, port: 0, certDir: resolve(projectRoot, ".cadence/sim-cert") });
  stops.push(() => sim.close());
  say(`simulator: ${sim.urls.graph} (demo tenant: ${fixture.users.length} users, now ${fixture.now})`);

  const masterKey = "demo-master-key";
  const host = await startHost({
    appDir: projectRoot,
    port: PORT,
    workers: 2,
    env: {
      ...localAppSettings({ storage: azurite.connectionString, sim, now: fixture.now, masterKey }),
      // The weekly digest goes to the simulator's Workflows webhook.
      CADENCE_DIGEST_WEBHOOK_URL: `${sim.urls.webhook}/cadence-admins`,
      CADENCE_REPORT_URL: `http://127.0.0.1:${PORT}/api/report`,
      // Graph change notifications from the simulator to this host, so later scans are incremental.
      CADENCE_NOTIFICATION_URL: `http://127.0.0.1:${PORT}/api/graph/notifications`,
      CADENCE_NOTIFICATION_CLIENT_STATE: randomBytes(24).toString("base64url"),
      CADENCE_HOST_FUNCTION_KEY: "demo-function-key",
    },
    // Invocation start/success lines would bury the summary; failures and the app's own logs still show.
    log: (line) => {
      if (!/Execut(ing|ed) 'Functions\.\w+' \((Reason=|Succeeded)/.test(line)) say(`  host ${line}`);
    },
  });
  stops.push(() => host.close());
  say(`host: ${host.url} — try ${host.url}/api/health`);
  // The simulated Teams posts card actions and installation updates to the app's bot endpoint.
  sim.teams.setBotEndpoint(`${host.url}/api/messages`);

  const run = await scanThroughFanOut(host.url, masterKey);
  await summarize(run, await ScanStore.open(azurite.connectionString));
  // The completed scan queued a plan (propose mode): accept a few of its proposals as an admin would.
  await acceptDemoProposals(host.url, host.keys.functionKey, say);
  // Agenda cards for the demo tenant's next 24 hours (and the open proposals' cards), through the simulated Teams.
  await deliverDemoCards({
    hostUrl: host.url,
    masterKey,
    sim,
    say,
    generateSpec: `users=${DEMO.users},seed=${DEMO.seed}`,
    now: fixture.now,
  });
  say("");
  say(
    `Serving. Health: ${host.url}/api/health · scan status: ${host.url}/api/scans/${run.runId} (x-functions-key: ${masterKey})`,
  );
  // Last line people see: the admin report, with the function key so the link works as printed.
  const reportUrl = `${host.url}/api/report?code=${encodeURIComponent(host.keys.functionKey)}`;
  const report = await fetch(reportUrl);
  if (report.status !== 200) throw new Error(`GET /api/report answered ${report.status}`);
  await report.arrayBuffer();
  say(`Admin report: ${reportUrl}`);
  say("Press Ctrl-C to stop.");
} catch (err) {
  process.stderr.write(`npm start failed: ${err instanceof Error ? err.message : String(err)}\n`);
  await stopAll(1);
}

/** Starts a scan through the admin endpoint and shows its shards completing. */
async function scanThroughFanOut(baseUrl: string, key: string): Promise<ScanRun> {
  const run = await scanThroughHost(baseUrl, key, {
    timeoutMs: 180_000,
    onProgress: (r) => process.stdout.write(`\r  scan ${r.runId}: shards ${r.shardsDone}/${r.shardsTotal}`),
  });
  process.stdout.write("\n");
  return run;
}

async function summarize(run: ScanRun, store: ScanStore): Promise<void> {
  const now = Date.parse(run.now);
  say("");
  say(`Cadence of ${run.pairs} manager/report pairs at ${run.now}:`);
  for (const status of ["healthy", "belowTarget", "scheduled", "lapsed", "missing", "excluded"]) {
    const n = run.counts[status] ?? 0;
    say(
      `  ${status.padEnd(12)} ${String(n).padStart(5)}  ${"█".repeat(Math.round((n / Math.max(1, run.pairs)) * 40))}`,
    );
  }
  for (const skip of run.skipped ?? []) say(`  skipped: ${describeShardSkip(skip)}`);
  const gaps = (await store.listPairs(run.runId))
    .filter((p) => p.status === "lapsed" || p.status === "missing")
    .map((p) => ({
      p,
      days: p.lastHeld ? Math.floor((now - Date.parse(p.lastHeld)) / 86_400_000) : Number.POSITIVE_INFINITY,
    }))
    .sort((a, b) => b.days - a.days || a.p.managerUpn.localeCompare(b.p.managerUpn))
    .slice(0, 8);
  say("");
  say("Worst gaps:");
  for (const { p, days } of gaps) {
    const gap = Number.isFinite(days) ? `${days} days` : "never";
    say(
      `  ${gap.padStart(9)}  ${p.managerName ?? p.managerUpn} → ${p.reportName ?? p.reportUpn}: ${p.reason}`,
    );
  }
}
