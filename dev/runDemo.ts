// What `npm start` runs, as a function a test can run too (whose output it captures): Azurite, the tenant simulator
// with a generated demo tenant and the local Functions host; a scan through the real fan-out, a plan whose proposals
// are partly accepted, and the agenda and proposal cards delivered through the simulated Teams.
import { randomBytes } from "node:crypto";
import { describeShardSkip } from "../shared/domain/describeShardSkip.js";
import { ScanStore } from "../shared/store/scanStore.js";
import type { ScanRun } from "../shared/usecases/ports/scanRecords.js";
import { acceptDemoProposals } from "./acceptDemoProposals.js";
import { deliverDemoCards } from "./demoCards.js";
import { type RunningHost, startHost } from "./host/startHost.js";
import { localAppSettings } from "./localAppSettings.js";
import { scanThroughHost } from "./scanThroughHost.js";
import type { Fixture } from "./sim/fixture.js";
import { generateTenant } from "./sim/generate/generateTenant.js";
import { type Simulator, startSimulator } from "./sim/server.js";
import { type AzuriteHandle, startAzurite } from "./storage/startAzurite.js";

export interface DemoOptions {
  /** The function app's directory (holds host.json and package.json whose `main` names dist/functions). */
  appDir: string;
  users: number;
  seed: number;
  /** The host's port: the notification and report URLs name it, so it must be a real one (not 0). */
  port: number;
  /** Every line the demo prints: its own, and the host's (workers' logs, their stdout and stderr). */
  say: (line: string) => void;
  /** The scan's progress, rewritten in place on a terminal. */
  progress: (text: string) => void;
  /**
   * Where each started part's stop function goes, as soon as it runs; the caller stops them (last first), also
   * when the demo fails half-way or is interrupted.
   */
  stops: (() => Promise<void>)[];
  /** Keeps the simulator's certificate between runs (the demo's); without it a fresh one is made. */
  certDir?: string;
  /** Changes the generated tenant before the simulator serves it (tests plant what they look for). */
  fixture?: (fixture: Fixture) => Fixture;
  /** Settings layered over the demo's own (given the simulator and Azurite, for URLs that point at them). */
  env?: (parts: { sim: Simulator; azurite: AzuriteHandle }) => Record<string, string>;
  /** Whether to show each invocation's start and success lines (default: no, they bury the summary). */
  invocationLines?: boolean;
}

export interface RunningDemo {
  azurite: AzuriteHandle;
  sim: Simulator;
  host: RunningHost;
  masterKey: string;
  /** The settings the host runs with (the secrets among them are what must never be logged). */
  env: Record<string, string>;
  run: ScanRun;
  reportUrl: string;
}

export async function runDemo(options: DemoOptions): Promise<RunningDemo> {
  const { say, stops } = options;
  const azurite = await startAzurite();
  stops.push(() => azurite.stop());
  const generated = generateTenant({ users: options.users, seed: options.seed }).fixture;
  const fixture = options.fixture ? options.fixture(generated) : generated;
  const sim = await startSimulator({
    fixture,
    port: 0,
    ...(options.certDir ? { certDir: options.certDir } : {}),
  });
  stops.push(() => sim.close());
  say(`simulator: ${sim.urls.graph} (demo tenant: ${fixture.users.length} users, now ${fixture.now})`);

  const port = options.port;
  const env: Record<string, string> = {
    ...localAppSettings({
      storage: azurite.connectionString,
      sim,
      now: fixture.now,
      masterKey: "demo-master-key",
    }),
    // The weekly digest goes to the simulator's Workflows webhook.
    CADENCE_DIGEST_WEBHOOK_URL: `${sim.urls.webhook}/cadence-admins`,
    CADENCE_REPORT_URL: `http://127.0.0.1:${port}/api/report`,
    // Graph change notifications from the simulator to this host, so later scans are incremental.
    CADENCE_NOTIFICATION_URL: `http://127.0.0.1:${port}/api/graph/notifications`,
    CADENCE_NOTIFICATION_CLIENT_STATE: randomBytes(24).toString("base64url"),
    CADENCE_HOST_FUNCTION_KEY: "demo-function-key",
    ...options.env?.({ sim, azurite }),
  };
  const masterKey = env.CADENCE_HOST_MASTER_KEY!;
  const host = await startHost({
    appDir: options.appDir,
    port,
    workers: 2,
    env,
    log: (line) => {
      if (options.invocationLines || !/Execut(ing|ed) 'Functions\.\w+' \((Reason=|Succeeded)/.test(line))
        say(`  host ${line}`);
    },
  });
  stops.push(() => host.close());
  say(`host: ${host.url} — try ${host.url}/api/health`);
  // The simulated Teams posts card actions and installation updates to the app's bot endpoint.
  sim.teams.setBotEndpoint(`${host.url}/api/messages`);

  const run = await scanThroughHost(host.url, masterKey, {
    timeoutMs: 180_000,
    onProgress: (r) => options.progress(`\r  scan ${r.runId}: shards ${r.shardsDone}/${r.shardsTotal}`),
  });
  options.progress("\n");
  await summarize(run, await ScanStore.open(azurite.connectionString), say);
  // The completed scan queued a plan (propose mode): accept a few of its proposals as an admin would.
  await acceptDemoProposals(host.url, host.keys.functionKey, say);
  // Agenda cards for the demo tenant's next 24 hours (and the open proposals' cards), through the simulated Teams.
  await deliverDemoCards({
    hostUrl: host.url,
    masterKey,
    sim,
    say,
    generateSpec: `users=${options.users},seed=${options.seed}`,
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
  return { azurite, sim, host, masterKey, env, run, reportUrl };
}

async function summarize(run: ScanRun, store: ScanStore, say: (line: string) => void): Promise<void> {
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
