// Starting a scan answers with a run in `preparing` and nothing else; the prepare step (behind the queue) keeps the
// subscriptions before the run says its shards may run, and a re-delivered message queues nothing twice.
import { describe, expect, it } from "vitest";
import { defaultCadencePolicy } from "../../../shared/domain/cadencePolicy.js";
import { AppError } from "../../../shared/errors.js";
import { MemoryIncrementalStore } from "../../../shared/store/memoryIncrementalStore.js";
import { MemoryScanStore } from "../../../shared/store/memoryScanStore.js";
import type { DirectoryEntry, SubscriptionChange } from "../../../shared/usecases/ports/scanPorts.js";
import { prepareScan } from "../../../shared/usecases/prepareScan.js";
import { startScan } from "../../../shared/usecases/startScan.js";
import { directoryEntry } from "../../helpers/directoryEntry.js";

const now = new Date("2026-11-25T09:00:00Z");
const later = new Date("2026-11-25T11:00:00Z");

function setup(users: DirectoryEntry[]) {
  const store = new MemoryScanStore();
  const state = new MemoryIncrementalStore();
  const log: string[] = [];
  const clock = { now: () => later };
  let refuse = false;
  const graph = {
    listUsers: async () => {
      log.push("listUsers");
      return users;
    },
    readCalendarViews: async () => new Map(),
    latestUsersDeltaLink: async () => "v0",
    readUsersDelta: async () => ({ users: [], deltaLink: "v0" }),
    manageSubscriptions: async (changes: readonly SubscriptionChange[]) => {
      if (refuse) throw new AppError("GRAPH.UNAVAILABLE", "validation timed out");
      // What the run says while Graph waits on the handshake: no shard may run yet.
      const runs = await store.listRuns(10);
      log.push(`subscribe ${changes.length} while ${runs.map((r) => r.state).join()}`);
      return new Map(
        changes.map((c) => [
          c.key,
          { ok: true as const, value: { id: `sub-${c.key}`, expirationDateTime: "2026-12-01T00:00:00Z" } },
        ]),
      );
    },
  };
  const ports = {
    graph,
    store,
    clock,
    policy: defaultCadencePolicy,
    runSuffix: () => "t",
    fullRescan: false,
    clockPinned: true,
    incremental: { store: state, graph },
    subscriptions: { graph, store: state, notificationUrl: "https://cadence/n", clientState: "secret-state" },
  };
  return { ports, store, state, log, refuse: (on: boolean) => (refuse = on) };
}

const team = [directoryEntry("boss", null), directoryEntry("ada", "boss"), directoryEntry("bo", "boss")];

describe("startScan", () => {
  it("stores a preparing run at the asked instant and reads nothing from Graph", async () => {
    const { ports, store, log } = setup(team);
    const { run, prepare } = await startScan(ports, { mode: "auto", now });
    expect(run).toMatchObject({ state: "preparing", now: now.toISOString(), shardsTotal: 0 });
    expect(prepare).toEqual({ runId: run.runId, mode: "auto" });
    expect(await store.getRun(run.runId)).toEqual(run);
    expect(log).toEqual([]);
  });

  it("refuses another instant on a clock that is not pinned", async () => {
    const { ports } = setup(team);
    await expect(startScan({ ...ports, clockPinned: false }, { mode: "auto", now })).rejects.toMatchObject({
      code: "SCAN.NOW_NOT_ALLOWED",
    });
  });
});

describe("prepareScan", () => {
  it("subscribes while the run is still preparing, then releases the shards at the run's instant", async () => {
    const { ports, log } = setup(team);
    const { prepare } = await startScan(ports, { mode: "auto", now });
    const result = await prepareScan(ports, prepare);
    if (result.outcome !== "prepared") throw new Error(result.outcome);
    expect(log).toEqual(["listUsers", "subscribe 1 while preparing"]);
    expect(result.run).toMatchObject({ state: "running", mode: "full", now: now.toISOString(), pairs: 2 });
    expect(result.shards).toHaveLength(1);
    expect(result.subscriptions).toMatchObject({ created: 1, failed: [] });
    expect(await ports.store.getRun(prepare.runId)).toEqual(result.run);
  });

  it("starts over after a failed attempt and queues nothing for a re-delivered message", async () => {
    const { ports, store, refuse } = setup(team);
    const { prepare } = await startScan(ports, { mode: "auto", now });
    refuse(true);
    await expect(prepareScan(ports, prepare)).rejects.toThrow("validation timed out");
    expect((await store.getRun(prepare.runId))?.state).toBe("preparing");
    refuse(false);
    const retried = await prepareScan(ports, prepare);
    expect(retried.outcome === "prepared" && retried.shards).toHaveLength(1);
    expect(await prepareScan(ports, prepare)).toEqual({ outcome: "alreadyDone" });
    expect(await prepareScan(ports, { runId: "nope", mode: "auto" })).toEqual({ outcome: "unknownRun" });
  });
});
