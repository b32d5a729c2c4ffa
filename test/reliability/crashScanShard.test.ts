// Crash at every step of a scan's shard deliveries: the real queue handler (functions/scanShard.ts) over the real
// adapters (scan and incremental tables on Azurite, the Graph gateway against the simulator over HTTPS) is killed
// before or after each Table write and each queue output, the host re-delivers what it had not deleted, and the
// end state must equal an uninterrupted run's: the same rows, and the run's series plan queued.
import { randomUUID } from "node:crypto";
import { InvocationContext } from "@azure/functions";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { type Simulator, startSimulator } from "../../dev/sim/server.js";
import { simulatorGateway } from "../../dev/sim/simulatorGateway.js";
import { seriesPlanOutput } from "../../functions/planQueue.js";
import { scanShardHandler } from "../../functions/scanShard.js";
import { scanGraphFromGateway } from "../../shared/composition/scanGraphFromGateway.js";
import { defaultCadencePolicy } from "../../shared/domain/cadencePolicy.js";
import { IncrementalStore } from "../../shared/store/incrementalStore.js";
import { ScanStore } from "../../shared/store/scanStore.js";
import { shardFitsQueueMessage, toShardWire } from "../../shared/store/shardQueueMessage.js";
import type { ScanShardPorts } from "../../shared/usecases/scanShard.js";
import { scanTenant } from "../../shared/usecases/scanTenant.js";
import type { ShardMessage } from "../../shared/usecases/shardMessage.js";
import {
  type CrashFigures,
  CrashInjector,
  type CrashMode,
  printFigures,
  runUntilKilled,
  undeclaredSteps,
} from "../helpers/crashAtStep.js";
import { diffRows, type TableRows, tableRows } from "../helpers/crashTables.js";
import { crashTenant } from "../helpers/crashTenant.js";

// The handler builds its ports once per process from the settings; here each delivery gets the case's wrapped ones.
const current = vi.hoisted(() => ({ ports: undefined as unknown }));
vi.mock("../../shared/composition/scanPortsFromSettings.js", () => ({
  scanPortsFromSettings: async () => current.ports,
}));

/**
 * Every write a shard delivery makes. A write not listed here fails the test: the harness would not crash at it.
 * `queue.send:series-plans` is the handler's output binding, written by the host after the handler returned.
 */
const DECLARED_STEPS = [
  "store.writePairs",
  "store.markShardDone",
  "store.saveRun",
  "incremental.saveBaselines",
  "incremental.clearDirty",
  `queue.send:${seriesPlanOutput.queueName}`,
] as const;
const STORE_READS = ["getRun", "listRuns", "listPairs", "isShardDone", "shardProgress", "latestCompleteRun"];
const INCREMENTAL_READS = ["loadDirectory", "listBaselines", "listDirty", "listSubscriptions"];
const GRAPH_READS = ["listUsers", "readCalendarViews", "readEvents"];

// Three managers, sixteen pairs (every status), cut into shards of at most five pairs: several shards, so the
// run's completion (the election among finishing shards) is part of the flow.
const NOW = new Date(crashTenant.fixture.now);
const clock = { now: () => NOW };
const connection = inject("azuriteConnectionString");

let sim: Simulator;
let graph: ReturnType<typeof scanGraphFromGateway>;

beforeAll(async () => {
  sim = await startSimulator({ fixture: crashTenant.fixture, port: 0 });
  graph = scanGraphFromGateway(
    simulatorGateway(sim, { baseDelayMs: 1, random: () => 0.5, sleep: async () => {} }),
  );
}, 60_000);
afterAll(async () => {
  await sim?.close();
});

interface Queued {
  message: ShardMessage;
  /** Host-side dequeue count: a message the process died on comes back. */
  deliveries: number;
}

interface CaseState {
  prefix: string;
  runId: string;
  shards: number;
  rows: TableRows;
  /** The `series-plans` messages the host wrote, in order. */
  plans: string[];
  steps: string[];
  deliveries: number;
}

/**
 * Fresh tables, a run with its shards queued (scanTenant, not crashed: it is not this flow), then the host drains
 * the queue: each delivery runs the handler, writes its output binding, deletes the message. A kill stops the
 * process; the host re-delivers the undeleted message after its visibility timeout, behind the others.
 */
async function runCase(crash?: { at: number; mode: CrashMode }): Promise<CaseState> {
  const prefix = `cr${randomUUID().replaceAll("-", "").slice(0, 10)}`;
  const store = await ScanStore.open(connection, prefix);
  const incremental = await IncrementalStore.open(connection, prefix);
  const { run, shards } = await scanTenant({
    graph,
    store,
    clock,
    policy: defaultCadencePolicy,
    runSuffix: () => "crash",
    shardFits: (shard) => shardFitsQueueMessage(shard) && shard.pairs.length <= 5,
  });
  const queue: Queued[] = shards.map((message) => ({ message, deliveries: 0 }));
  const plans: string[] = [];
  let steps: string[] = [];
  let deliveries = 0;
  // The first process may die; the ones after it (restarts, other instances) run clean.
  for (let process = 0; queue.length > 0; process++) {
    if (process > 5) throw new Error("the queue did not drain in 5 restarts");
    const injector = new CrashInjector(process === 0 ? crash : undefined);
    current.ports = {
      graph: injector.wrap("graph", graph, GRAPH_READS),
      store: injector.wrap("store", store, STORE_READS),
      incremental: { store: injector.wrap("incremental", incremental, INCREMENTAL_READS) },
      clock,
      policy: defaultCadencePolicy,
      refreshMarginDays: 0,
      historyDays: 90,
    } satisfies ScanShardPorts;
    while (queue.length > 0) {
      const item = queue[0]!;
      item.deliveries++;
      deliveries++;
      const died = await runUntilKilled(injector, async () => {
        const context = new InvocationContext({ functionName: "scanShard", logHandler: () => {} });
        await scanShardHandler(toShardWire(item.message), context);
        const plan = context.extraOutputs.get(seriesPlanOutput);
        if (plan !== undefined) {
          await injector.step(`queue.send:${seriesPlanOutput.queueName}`, async () => {
            plans.push((plan as { runId: string }).runId);
          });
        }
      });
      if (died) {
        queue.push(queue.shift()!);
        break;
      }
      queue.shift();
    }
    steps = process === 0 ? injector.steps : steps;
  }
  const rows = await tableRows(connection, prefix);
  return { prefix, runId: run.runId, shards: shards.length, rows, plans, steps, deliveries };
}

describe("scanShard: crash at every write step", () => {
  it("re-delivery after a kill before or after any step ends as the uninterrupted run did", async () => {
    const clean = await runCase();
    expect(clean.shards).toBeGreaterThanOrEqual(3);
    expect(clean.plans).toEqual([clean.runId]);
    expect(
      undeclaredSteps(clean.steps, DECLARED_STEPS),
      "a write step the crash harness does not cover: add it to DECLARED_STEPS (it is then crashed at)",
    ).toEqual([]);
    const run = clean.rows.ScanRuns?.[0];
    expect(JSON.parse(String(run?.data))).toMatchObject({ state: "complete", shardsDone: clean.shards });
    expect(clean.rows.PairResults?.length).toBe(crashTenant.truth.pairs.length);

    const problems: string[] = [];
    let duplicates = 0;
    let losses = 0;
    let cases = 0;
    for (let at = 0; at < clean.steps.length; at++) {
      for (const mode of ["before", "after"] as const) {
        cases++;
        const crashed = await runCase({ at, mode });
        const where = `kill ${mode} step ${at} (${clean.steps[at]})`;
        expect(crashed.deliveries, `${where}: nothing was re-delivered`).toBeGreaterThan(clean.deliveries);
        // A re-queued plan is harmless (planning again writes nothing), a missing one is a lost plan.
        if (!crashed.plans.includes(crashed.runId)) {
          losses++;
          problems.push(`${where}: the series plan was never queued`);
        }
        if (crashed.plans.some((r) => r !== crashed.runId)) problems.push(`${where}: a plan for another run`);
        const diff = diffRows(clean.rows, crashed.rows);
        if (diff.length > 0) {
          losses += diff.filter((d) => d.startsWith("missing")).length;
          duplicates += diff.filter((d) => d.startsWith("extra")).length;
          problems.push(...diff.map((d) => `${where}: ${d}`));
        }
      }
    }
    const figures: CrashFigures = {
      flow: "scanShard",
      writeSteps: clean.steps.length,
      stepNames: clean.steps,
      cases,
      duplicates,
      losses,
      uncertain: 0,
    };
    printFigures(figures);
    expect(problems).toEqual([]);
    expect(cases).toBe(2 * clean.steps.length);
  }, 300_000);
});
