// `npm run bench:plan`: what planning series costs in Graph requests against the lower bound (every person's
// mailboxSettings, 20 per $batch, and one getSchedule per manager, 20 per $batch), and how fast the slot finder
// runs, on generated tenants served by `cadence sim` in a child process. A scan runs first (its requests are not
// counted); the plan is measured on its own gateway. Writes bench/results/plan-<users>.json and plan.md.
// Request counts are the result; times are for people to read on a shared machine (the load average is recorded).
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { scanGraphFromGateway } from "../shared/composition/scanGraphFromGateway.js";
import { schedulingDomain } from "../shared/composition/schedulingDomain.js";
import { schedulingGraphFromGateway } from "../shared/composition/schedulingGraphFromGateway.js";
import { defaultCadencePolicy } from "../shared/domain/cadencePolicy.js";
import { createGraphGateway } from "../shared/graph/createGraphGateway.js";
import type { GraphStats } from "../shared/graph/types.js";
import { MemoryProposalStore } from "../shared/store/memoryProposalStore.js";
import { MemoryScanStore } from "../shared/store/memoryScanStore.js";
import { planSeries } from "../shared/usecases/planSeries.js";
import type { FindSlots } from "../shared/usecases/ports/schedulingPorts.js";
import { runScanInProcess } from "../shared/usecases/runScanInProcess.js";
import { startSimulatorProcess } from "./scanBench/childProcesses.js";

const RESULTS_DIR = fileURLToPath(new URL("../../bench/results/", import.meta.url));
const SLOT_FINDER = fileURLToPath(new URL("./slotFinder.js", import.meta.url));
const args = process.argv.slice(2);
const at = args.indexOf("--users");
const USERS = (at >= 0 ? args[at + 1]! : "1000,10000").split(",").map(Number);
const SEED = 1;
const log = (line: string) => process.stderr.write(`${line}\n`);

interface PlanBenchResult {
  users: number;
  seed: number;
  measuredAt: string;
  machine: { cpus: number; loadAverage: number[]; node: string };
  pairs: number;
  /** Pairs the plan had to find a time for (missing or lapsed), the people and managers among them. */
  plannedPairs: number;
  people: number;
  managers: number;
  outcomes: Record<string, number>;
  plan: GraphStats & { wallMs: number };
  lowerBound: { requests: number; httpRequests: number };
  requestsPerPlannedPair: number;
  lowerBoundPerPlannedPair: number;
  /** findSlots inside this plan, on the tenant's real calendars. */
  slotFinder: { calls: number; cpuMs: number; microsPerPair: number };
}

mkdirSync(RESULTS_DIR, { recursive: true });
const results: PlanBenchResult[] = [];
for (const users of USERS) {
  log(`bench/plan: ${users} users, seed ${SEED}: starting the simulator`);
  const sim = await startSimulatorProcess(users, SEED);
  try {
    const { now } = await sim.control<{ now: string }>("GET", "/clock");
    const gateway = () =>
      createGraphGateway({
        tenantId: sim.connection.tenantId,
        clientId: sim.connection.clientId,
        clientSecret: sim.connection.clientSecret,
        authorityHost: sim.connection.login,
        graphBaseUrl: sim.connection.graph,
        caPem: readFileSync(sim.connection.caCert, "utf8"),
      });
    const clock = { now: () => new Date(now) };
    log("  scan (not counted)");
    const scanStore = new MemoryScanStore();
    const run = await runScanInProcess({
      graph: scanGraphFromGateway(gateway()),
      store: scanStore,
      clock,
      policy: defaultCadencePolicy,
      runSuffix: () => "bench",
    });
    const pairs = await scanStore.listPairs(run.runId);
    const planned = pairs.filter((p) => p.status === "missing" || p.status === "lapsed");
    const people = new Set(planned.flatMap((p) => [p.managerUpn.toLowerCase(), p.reportUpn.toLowerCase()]));
    const managers = new Set(planned.map((p) => p.managerUpn.toLowerCase()));
    // getSchedule takes 20 schedules: a manager with more than 19 planned reports needs a second call.
    const scheduleCalls = [...managers].reduce(
      (n, m) =>
        n + Math.max(1, Math.ceil(planned.filter((p) => p.managerUpn.toLowerCase() === m).length / 19)),
      0,
    );
    const lowerBound = {
      requests: people.size + scheduleCalls,
      httpRequests: Math.ceil(people.size / 20) + Math.ceil(scheduleCalls / 20),
    };

    log(`  plan: ${planned.length} pairs to plan (${managers.size} managers, ${people.size} people)`);
    const planGateway = gateway();
    let calls = 0;
    let cpuMicros = 0;
    const timedFindSlots: FindSlots = (request) => {
      const before = process.cpuUsage();
      const result = schedulingDomain.findSlots(request);
      const used = process.cpuUsage(before);
      cpuMicros += used.user + used.system;
      calls++;
      return result;
    };
    // The scan's token must not count: one read warms msal's cache for the plan's gateway.
    await planGateway.get("/organization?$select=id").catch(() => undefined);
    const before = planGateway.stats();
    const started = performance.now();
    const plan = await planSeries(
      {
        graph: schedulingGraphFromGateway(planGateway),
        store: new MemoryProposalStore(),
        clock,
        policy: defaultCadencePolicy,
        ...schedulingDomain,
        findSlots: timedFindSlots,
        settings: { mode: "propose", minNoticeHours: 24, proposalTtlDays: 14, excludedUsers: [] },
      },
      { pairs, scannedAt: new Date(run.now) },
    );
    const wallMs = Math.round(performance.now() - started);
    const after = planGateway.stats();
    const stats = Object.fromEntries(
      Object.entries(after).map(([k, v]) => [k, v - before[k as keyof GraphStats]]),
    ) as unknown as GraphStats;
    const outcomes: Record<string, number> = {};
    for (const e of plan.entries) outcomes[e.outcome] = (outcomes[e.outcome] ?? 0) + 1;
    const result: PlanBenchResult = {
      users,
      seed: SEED,
      measuredAt: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
        node: process.version,
      },
      pairs: pairs.length,
      plannedPairs: planned.length,
      people: people.size,
      managers: managers.size,
      outcomes,
      plan: { ...stats, wallMs },
      lowerBound,
      requestsPerPlannedPair: round(stats.requests / Math.max(1, planned.length)),
      lowerBoundPerPlannedPair: round(lowerBound.requests / Math.max(1, planned.length)),
      slotFinder: {
        calls,
        cpuMs: Math.round(cpuMicros / 1000),
        microsPerPair: Math.round(cpuMicros / Math.max(1, calls)),
      },
    };
    log(
      `  plan: ${stats.requests} requests in ${stats.httpRequests} round trips (bound ${lowerBound.requests} in ` +
        `${lowerBound.httpRequests}), ${wallMs} ms; findSlots ${result.slotFinder.microsPerPair} µs/pair`,
    );
    writeFileSync(`${RESULTS_DIR}plan-${users}.json`, `${JSON.stringify(result, null, 2)}\n`);
    results.push(result);
  } finally {
    await sim.stop();
  }
}

log("bench/plan: synthetic slot-finder throughput (bench/slotFinder.ts, 20,000 pairs)");
const synthetic = execFileSync(process.execPath, [SLOT_FINDER, "--pairs", "20000"], { encoding: "utf8" });

const table = [
  "| users | pairs | planned (missing/lapsed) | Graph requests | lower bound | round trips (bound) | requests / planned pair (bound) | plan wall | findSlots CPU / pair |",
  "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ...results.map(
    (r) =>
      `| ${r.users.toLocaleString("en")} | ${r.pairs} | ${r.plannedPairs} | ${r.plan.requests} | ${r.lowerBound.requests} | ` +
      `${r.plan.httpRequests} (${r.lowerBound.httpRequests}) | ${r.requestsPerPlannedPair} (${r.lowerBoundPerPlannedPair}) | ` +
      `${(r.plan.wallMs / 1000).toFixed(1)} s | ${r.slotFinder.microsPerPair} µs |`,
  ),
].join("\n");
const md = `# bench:plan\n\n${table}\n\nLoad average at the end of each run: ${results
  .map((r) => `${r.users}: ${r.machine.loadAverage.join(" / ")}`)
  .join(
    "; ",
  )} on ${results[0]?.machine.cpus ?? "?"} CPUs.\n\nSynthetic slot finder:\n\n\`\`\`\n${synthetic}\`\`\`\n`;
writeFileSync(`${RESULTS_DIR}plan.md`, md);
process.stdout.write(`${md}\n`);

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
