// `npm run bench:scan`: a full Cadence scan against the way admins audit today (a sequential per-user
// calendarView loop) and against the request lower bound, on generated tenants served by the simulator with
// Graph-like latency and Outlook's throttling. Writes bench/results/scan-<users>.json and scan.md.
// Timings are for people to read; nothing here passes or fails a test.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { OUTLOOK_LIMITS, type ProfileInput } from "../dev/sim/core/profile.js";
import { generateTenant } from "../dev/sim/generate/generateTenant.js";
import type { BaselineMeasurement } from "./scanBench/baselineRun.js";
import { BenchUsageError, parseBenchScanArgs } from "./scanBench/benchScanArgs.js";
import type { CadenceMeasurement } from "./scanBench/cadenceRun.js";
import type { ChildInput } from "./scanBench/childInput.js";
import { runMeasuredChild, startSimulatorProcess } from "./scanBench/childProcesses.js";
import { type IncrementalRunOutput, summariseIncremental } from "./scanBench/incrementalRescan.js";
import { lowerBound } from "./scanBench/lowerBound.js";
import { loopTotals, ratios, type ScanBenchResult } from "./scanBench/scanBenchResult.js";
import { scanBenchTable } from "./scanBench/scanBenchTable.js";

const RESULTS_DIR = fileURLToPath(new URL("../../bench/results/", import.meta.url));

let args: ReturnType<typeof parseBenchScanArgs>;
try {
  args = parseBenchScanArgs(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof BenchUsageError)) throw err;
  process.stderr.write(
    `bench/scan: ${err.message}\nusage: npm run bench:scan -- [--users 1000,10000] [--huge] [--seed N] [--baseline-sample N] [--baseline-full-up-to N] [--skip-baseline]\n`,
  );
  process.exit(2);
}

// Graph-like latency and Outlook's published limits: 4 concurrent requests and 10,000 per 10 minutes per mailbox.
const profile: ProfileInput = {
  seed: args.seed,
  latency: { medianMs: 80, p99Ms: 400 },
  ...OUTLOOK_LIMITS,
};

const machine = () => ({
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? "unknown",
  node: process.version,
  loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  totalMemMiB: Math.round(totalmem() / 1024 / 1024),
});
const log = (line: string) => process.stderr.write(`${line}\n`);

mkdirSync(RESULTS_DIR, { recursive: true });
const results: ScanBenchResult[] = [];
for (const users of args.users) {
  log(`bench/scan: ${users} users, seed ${args.seed}: starting the simulator`);
  const sim = await startSimulatorProcess(users, args.seed);
  try {
    const { now } = await sim.control<{ now: string }>("GET", "/clock");
    const input: ChildInput = { ...sim.connection, now, seed: args.seed };

    await sim.control("PUT", "/profile", profile);
    await sim.control("DELETE", "/requests");
    log("  Cadence: full scan");
    const cadence = await runMeasuredChild<CadenceMeasurement>("cadenceRun", input);
    const cadenceCounted = await sim.control("GET", "/counters");
    log(`  Cadence: ${cadence.stats.httpRequests} HTTP requests in ${cadence.wallMs} ms`);

    let loopResult: ScanBenchResult["loop"];
    if (args.skipBaseline) {
      loopResult = previousLoop(users, args.seed);
      log(
        `  per-user loop: skipped (--skip-baseline), numbers kept from the run of ${loopResult.reusedFrom}`,
      );
    } else {
      // A fresh profile resets the simulator's throttling windows: the loop starts from the same clean slate.
      await sim.control("PUT", "/profile", profile);
      await sim.control("DELETE", "/requests");
      const sample = users > args.baselineFullUpTo ? args.baselineSample : users;
      log(`  per-user loop: ${sample === users ? "every user" : `a seeded sample of ${sample} users`}`);
      const measured = await runMeasuredChild<BaselineMeasurement>("baselineRun", { ...input, sample });
      const simulatorCounted = await sim.control("GET", "/counters");
      loopResult = { measured, totals: loopTotals(measured), simulatorCounted };
    }
    const loop = loopResult.totals;
    log(`  per-user loop: ${loop.requests} requests (${loop.basis}) in ${loop.wallMs} ms`);

    await sim.control("PUT", "/profile", profile);
    await sim.control("DELETE", "/requests");
    log("  Cadence: full scan with subscriptions, 1% of managers touched, incremental rescan a day later");
    const incrementalRun = await runMeasuredChild<IncrementalRunOutput>("incrementalRun", {
      ...input,
      control: sim.connection.control,
    });
    const incremental = summariseIncremental(incrementalRun);
    if (incremental.status === "measured") {
      log(
        `  incremental: ${incremental.incrementalScan.traffic.httpRequests} HTTP round trips vs ` +
          `${incremental.referenceScan.traffic.httpRequests} (${incremental.ratios.httpRequestsVsFull}), ` +
          `${incremental.comparison.mismatches} pairs differ from a full scan`,
      );
    }

    const bound = lowerBound(cadence.directoryUsers, cadence.managersToRead);
    const plantedCounts: Record<string, number> = {};
    for (const pair of generateTenant({ users, seed: args.seed }).truth.pairs) {
      plantedCounts[pair.status] = (plantedCounts[pair.status] ?? 0) + 1;
    }
    const result: ScanBenchResult = {
      users,
      seed: args.seed,
      measuredAt: new Date().toISOString(),
      machine: machine(),
      simulatorProfile: profile,
      lowerBound: { ...bound, managersToRead: cadence.managersToRead },
      cadence: { ...cadence, simulatorCounted: cadenceCounted },
      loop: loopResult,
      plantedCounts,
      ...ratios(cadence, loop, bound),
      incremental,
    };
    writeFileSync(`${RESULTS_DIR}scan-${users}.json`, `${JSON.stringify(result, null, 2)}\n`);
    results.push(result);
  } finally {
    await sim.stop();
  }
}

const table = scanBenchTable(results);
const m = results.at(-1)?.machine ?? machine();
writeFileSync(
  `${RESULTS_DIR}scan.md`,
  `${table}\nMachine: ${m.cpus} × ${m.cpuModel}, ${m.totalMemMiB} MiB, Node ${m.node}, load average ${m.loadAverage.join(" / ")}` +
    ` (1/5/15 min) at the end of the run. Simulator latency: median 80 ms, p99 400 ms; Outlook throttling on` +
    ` (4 concurrent and 10,000 requests / 10 min per mailbox). Seed ${args.seed}.\n`,
);
process.stdout.write(table);

/** The per-user loop as the previous run of this size and seed measured it (--skip-baseline). */
function previousLoop(users: number, seed: number): ScanBenchResult["loop"] {
  const file = `${RESULTS_DIR}scan-${users}.json`;
  const previous = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as ScanBenchResult) : undefined;
  if (!previous || previous.seed !== seed) {
    process.stderr.write(`bench/scan: --skip-baseline needs ${file} from a run with seed ${seed}\n`);
    process.exit(2);
  }
  return { ...previous.loop, reusedFrom: previous.loop.reusedFrom ?? previous.measuredAt };
}
