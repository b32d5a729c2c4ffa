// What the crash tests over the simulator share: one generated tenant, a pool of simulators that each start from
// the fixture (so every case books into untouched calendars), and an in-process scan of it for the pairs.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateTenant } from "../../dev/sim/generate/generateTenant.js";
import { type Simulator, startSimulator } from "../../dev/sim/server.js";
import { scanGraphFromGateway } from "../../shared/composition/scanGraphFromGateway.js";
import { defaultCadencePolicy } from "../../shared/domain/cadencePolicy.js";
import type { GraphGateway } from "../../shared/graph/types.js";
import { MemoryScanStore } from "../../shared/store/memoryScanStore.js";
import type { PairRecord } from "../../shared/usecases/ports/scanRecords.js";
import { runScanInProcess } from "../../shared/usecases/runScanInProcess.js";

/** Three managers, sixteen pairs (every status). */
export const crashTenant = generateTenant({ users: 18, seed: 3 });

export interface SimulatorPool {
  /** A simulator with the tenant as the fixture has it. */
  fresh(): Promise<Simulator>;
  /** Closes one simulator and drops it from the pool. */
  close(sim: Simulator): Promise<void>;
  /** Closes every simulator still open (for afterAll). */
  closeAll(): Promise<void>;
}

/** Simulators over `crashTenant` sharing one certificate directory, so only the first one generates certificates. */
export function simulatorPool(): SimulatorPool {
  const sims: Simulator[] = [];
  let certDir: Promise<string> | undefined;
  return {
    async fresh() {
      certDir ??= mkdtemp(join(tmpdir(), "cadence-crash-"));
      const sim = await startSimulator({ fixture: crashTenant.fixture, port: 0, certDir: await certDir });
      sims.push(sim);
      return sim;
    },
    async close(sim) {
      sims.splice(sims.indexOf(sim), 1);
      await sim.close();
    },
    async closeAll() {
      await Promise.all(sims.map((s) => s.close()));
    },
  };
}

/** Every pair of the tenant as one in-process scan at the fixture's `now` records it, and when that scan ran. */
export async function scanCrashTenant(
  gateway: GraphGateway,
): Promise<{ pairs: PairRecord[]; scannedAt: Date }> {
  const now = new Date(crashTenant.fixture.now);
  const store = new MemoryScanStore();
  const run = await runScanInProcess({
    graph: scanGraphFromGateway(gateway),
    store,
    clock: { now: () => now },
    policy: defaultCadencePolicy,
    runSuffix: () => "crash",
  });
  return { pairs: await store.listPairs(run.runId), scannedAt: new Date(run.now) };
}

/** A pair planning proposes a series for: its 1:1s are missing or lapsed. */
export function needsSeries(pair: PairRecord): boolean {
  return pair.status === "missing" || pair.status === "lapsed";
}
