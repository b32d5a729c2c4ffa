// Child process: a full scan that creates the change-notification subscriptions, 1% of the managers' calendars
// touched through the simulator, an incremental scan a day later, and a fresh full scan at that instant to compare
// with; then the daily subscription renewals replayed on the simulator clock. One process, real gateway, memory
// stores, so the kept state survives between the scans. Prints one JSON line (IncrementalRunOutput).
import { readFileSync } from "node:fs";
import { scanGraphFromGateway } from "../../shared/composition/scanGraphFromGateway.js";
import { settingsSchema } from "../../shared/config.js";
import { defaultCadencePolicy } from "../../shared/domain/cadencePolicy.js";
import { createGraphGateway } from "../../shared/graph/createGraphGateway.js";
import { readEvents } from "../../shared/graph/readEvents.js";
import { MemoryIncrementalStore } from "../../shared/store/memoryIncrementalStore.js";
import { MemoryScanStore } from "../../shared/store/memoryScanStore.js";
import { ensureSubscriptions } from "../../shared/usecases/ensureSubscriptions.js";
import type { Clock, ScanGraph } from "../../shared/usecases/ports/scanPorts.js";
import type { ScanRun } from "../../shared/usecases/ports/scanRecords.js";
import { scanShard } from "../../shared/usecases/scanShard.js";
import { type ScanRequest, scanTenant } from "../../shared/usecases/scanTenant.js";
import { readChildInput } from "./childInput.js";
import { BenchChildError, simControl } from "./childProcesses.js";
import {
  comparePairs,
  EVENTS_PER_TOUCH,
  type IncrementalRunOutput,
  managersToTouch,
  type RenewalDay,
  type Traffic,
  trafficBetween,
} from "./incrementalRescan.js";
import { startNotificationReceiver } from "./notificationReceiver.js";

const DAY = 86_400_000;
/** Replayed days of the daily renewSubscriptions timer; two renewal rounds fit well inside. */
const RENEWAL_DAYS = 14;
const CLIENT_STATE = "cadence-bench-client-state";
/** Production's margin (CADENCE_REFRESH_MARGIN_DAYS' default): it is what lets kept calendars stay valid. */
const REFRESH_MARGIN_DAYS = settingsSchema.shape.CADENCE_REFRESH_MARGIN_DAYS.parse(undefined);

const input = readChildInput();
if (!input.control) throw new BenchChildError("incrementalRun needs the simulator's control URL");
const caPem = readFileSync(input.caCert, "utf8");
const control = simControl(input.control, caPem);
const t0 = Date.parse(input.now);
const later = new Date(t0 + DAY);
const log = (line: string) => process.stderr.write(`    ${line}\n`);

const gateway = createGraphGateway({
  tenantId: input.tenantId,
  clientId: input.clientId,
  clientSecret: input.clientSecret,
  authorityHost: input.login,
  graphBaseUrl: input.graph,
  caPem,
});
const real = scanGraphFromGateway(gateway);
// The mailboxes each scan asked for, observed without changing the port.
let mailboxesRead = new Set<string>();
const graph: Required<ScanGraph> = {
  listUsers: () => real.listUsers(),
  readCalendarViews(ids, window) {
    for (const id of ids) mailboxesRead.add(id.toLowerCase());
    return real.readCalendarViews(ids, window);
  },
  readEvents: (refs) => readEvents(gateway, refs),
};
const incrementalStore = new MemoryIncrementalStore();
let notificationClock: Date = new Date(t0);
const receiver = await startNotificationReceiver({
  store: incrementalStore,
  clock: { now: () => notificationClock },
  clientState: CLIENT_STATE,
});

const add = (a: Traffic, b: Traffic): Traffic =>
  Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v + b[k as keyof Traffic]])) as Traffic;

const subscriptionsAt = (clock: Clock) =>
  ensureSubscriptions({
    graph: real,
    store: incrementalStore,
    clock,
    notificationUrl: receiver.url,
    clientState: CLIENT_STATE,
  });

/**
 * One scan as functions/scanTenant + scanShard run it: the directory and the plan, the subscriptions before any
 * calendar is read (with the incremental ports), then every shard, four at a time (runScanInProcess has no
 * place for the subscriptions step, nor a mode).
 */
async function scan(
  mode: ScanRequest,
  now: Date,
  options: { incremental: boolean; suffix: string },
): Promise<{
  run: ScanRun;
  store: MemoryScanStore;
  plan: Awaited<ReturnType<typeof scanTenant>>["plan"];
  traffic: Traffic;
  wallMs: number;
  subscriptions: Awaited<ReturnType<typeof subscriptionsAt>> & { traffic: Traffic; wallMs: number };
  mailboxesRead: number;
}> {
  const clock = { now: () => now };
  const store = new MemoryScanStore();
  const ports = {
    graph,
    store,
    clock,
    policy: defaultCadencePolicy,
    runSuffix: () => options.suffix,
    refreshMarginDays: REFRESH_MARGIN_DAYS,
    ...(options.incremental ? { incremental: { store: incrementalStore, graph: real } } : {}),
  };
  mailboxesRead = new Set();
  const before = gateway.stats();
  const started = performance.now();
  const { run, shards, plan } = await scanTenant(ports, mode);
  const planned = gateway.stats();
  const subscriptionsStarted = performance.now();
  const ensured = options.incremental
    ? await subscriptionsAt(clock)
    : { created: 0, renewed: 0, deleted: 0, failed: [] };
  const subscriptionsMs = performance.now() - subscriptionsStarted;
  const subscribed = gateway.stats();
  let next = 0;
  const worker = async () => {
    while (next < shards.length) await scanShard(ports, shards[next++]!);
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  const wallMs = performance.now() - started - subscriptionsMs;
  const done = gateway.stats();
  const scanOnly = trafficBetween(before, planned);
  const shardTraffic = trafficBetween(subscribed, done);
  const finished = await store.getRun(run.runId);
  if (!finished) throw new BenchChildError(`scan ${run.runId} vanished from its store`);
  return {
    run: finished,
    store,
    plan,
    traffic: add(scanOnly, shardTraffic),
    wallMs: Math.round(wallMs),
    subscriptions: {
      ...ensured,
      traffic: trafficBetween(planned, subscribed),
      wallMs: Math.round(subscriptionsMs),
    },
    mailboxesRead: mailboxesRead.size,
  };
}

log("full scan with subscriptions");
const full = await scan("full", new Date(t0), { incremental: true, suffix: "full" });
log(
  `full scan: ${full.traffic.httpRequests} round trips; ${full.subscriptions.created} subscriptions created in ` +
    `${full.subscriptions.wallMs} ms (${full.subscriptions.failed.length} failed)`,
);
const tracked = (await incrementalStore.listSubscriptions()).map((s) => s.mailbox);

// "People" edit 1% of the managers' calendars; Graph (the simulator) notifies our endpoint.
await control("DELETE", "/notifications");
const touched = managersToTouch(tracked, input.seed);
let eventsTouched = 0;
for (const mailbox of touched) {
  const answer = await control<{ touched: unknown[] }>("POST", "/calendar/touch", {
    mailbox,
    count: EVENTS_PER_TOUCH,
  });
  eventsTouched += answer.touched.length;
}
const waitStarted = performance.now();
await deliveriesSettled(touched);
const waitMs = Math.round(performance.now() - waitStarted);
const tally = receiver.tally();
log(
  `${touched.length} managers touched; ${tally.posts} notification POSTs marked ${tally.marked.size} mailboxes`,
);

notificationClock = later;
const incremental = await scan("auto", later, { incremental: true, suffix: "incremental" });
log(
  `incremental scan: ${incremental.traffic.httpRequests} round trips (${incremental.run.mode}), ` +
    `${incremental.mailboxesRead} mailboxes re-read`,
);
const reference = await scan("full", later, { incremental: false, suffix: "reference" });
const comparison = comparePairs(
  await reference.store.listPairs(reference.run.runId),
  await incremental.store.listPairs(incremental.run.runId),
);
log(
  `reference full scan: ${reference.traffic.httpRequests} round trips, ${comparison.mismatches} pairs differ`,
);

// The daily renewSubscriptions timer, day after day on the simulator's clock (Graph checks expiry against it).
const renewalDays: RenewalDay[] = [];
try {
  for (let day = 2; day <= RENEWAL_DAYS && renewalDays.filter((d) => d.renewed > 0).length < 2; day++) {
    const at = new Date(t0 + day * DAY);
    await control("POST", "/clock", { set: at.toISOString() });
    const before = gateway.stats();
    const done = await subscriptionsAt({ now: () => at });
    renewalDays.push({
      day,
      renewed: done.renewed,
      created: done.created,
      failed: done.failed.length,
      traffic: trafficBetween(before, gateway.stats()),
    });
  }
} finally {
  await control("POST", "/clock", { set: new Date(t0).toISOString() });
}
log(`renewals on days ${renewalDays.filter((d) => d.renewed > 0).map((d) => d.day)}`);
await receiver.close();

const output: IncrementalRunOutput = {
  now: new Date(t0).toISOString(),
  later: later.toISOString(),
  refreshMarginDays: REFRESH_MARGIN_DAYS,
  managersTracked: tracked.length,
  fullScan: {
    traffic: full.traffic,
    wallMs: full.wallMs,
    mailboxesRead: full.mailboxesRead,
    pairs: full.run.pairs,
    counts: full.run.counts,
    errors: full.run.errors,
  },
  subscriptions: {
    created: full.subscriptions.created,
    failed: full.subscriptions.failed,
    traffic: full.subscriptions.traffic,
    wallMs: full.subscriptions.wallMs,
  },
  touched: { managers: touched.length, eventsPerManager: EVENTS_PER_TOUCH, events: eventsTouched },
  notifications: {
    posts: tally.posts,
    notifications: tally.notifications,
    mailboxesMarked: tally.marked.size,
    waitMs,
  },
  incrementalScan: {
    mode: incremental.run.mode,
    fullBecause: incremental.plan.fullBecause,
    // Its own subscriptions step counts against it: the scan function runs it on every scan.
    traffic: add(incremental.traffic, incremental.subscriptions.traffic),
    subscriptionTraffic: incremental.subscriptions.traffic,
    wallMs: incremental.wallMs + incremental.subscriptions.wallMs,
    rereads: incremental.plan.rereads,
    mailboxesRead: incremental.mailboxesRead,
    keptPairs: incremental.plan.keptPairs,
    pairs: incremental.run.pairs,
    errors: incremental.run.errors,
  },
  referenceScan: {
    traffic: reference.traffic,
    wallMs: reference.wallMs,
    pairs: reference.run.pairs,
    counts: reference.run.counts,
  },
  comparison,
  renewalDays: [
    {
      day: 1,
      renewed: incremental.subscriptions.renewed,
      created: incremental.subscriptions.created,
      failed: incremental.subscriptions.failed.length,
      traffic: incremental.subscriptions.traffic,
    },
    ...renewalDays,
  ],
};
process.stdout.write(`${JSON.stringify(output)}\n`);

/**
 * Graph's webhook service posts on its own schedule: wait until every touched manager was marked by our endpoint
 * and the simulator's delivery log has been quiet for a second (ten batching windows) with no failed attempt
 * left to retry.
 */
async function deliveriesSettled(managers: readonly string[]): Promise<void> {
  const deadline = performance.now() + 120_000;
  let lastCount = -1;
  let quietSince = performance.now();
  while (performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const { value } = await control<{ value: Array<{ kind: string; status: number }> }>(
      "GET",
      "/notifications",
    );
    if (value.length !== lastCount) {
      lastCount = value.length;
      quietSince = performance.now();
    }
    const marked = receiver.tally().marked;
    const allMarked = managers.every((m) => marked.has(m.toLowerCase()));
    const failed = value.some((d) => d.status < 200 || d.status > 299);
    if (allMarked && performance.now() - quietSince >= (failed ? 6_000 : 1_000)) return;
  }
  throw new BenchChildError("change notifications of the touched calendars did not all arrive within 2 min");
}
