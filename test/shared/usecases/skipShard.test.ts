// A poisoned shard is recorded as skipped so its run completes without it; a poisoned prepare step fails its run.
// Both stores: the Table store on Azurite and the memory store the CLI uses.
import { randomUUID } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { defaultCadencePolicy } from "../../../shared/domain/cadencePolicy.js";
import { newRunId } from "../../../shared/domain/newRunId.js";
import { AppError } from "../../../shared/errors.js";
import { MemoryScanStore } from "../../../shared/store/memoryScanStore.js";
import { ScanStore } from "../../../shared/store/scanStore.js";
import { failScanPreparation } from "../../../shared/usecases/failScanPreparation.js";
import { noteShardFailure } from "../../../shared/usecases/noteShardFailure.js";
import type { ScanRun } from "../../../shared/usecases/ports/scanRecords.js";
import type { ScanStorePort } from "../../../shared/usecases/ports/scanStorePort.js";
import { scanStatus } from "../../../shared/usecases/scanStatus.js";
import { skipShard } from "../../../shared/usecases/skipShard.js";

const NOW = new Date("2026-11-25T09:00:00Z");
const FINISHED = new Date("2026-11-25T09:05:00Z");

const stores: [string, () => Promise<ScanStorePort>][] = [
  ["Table store", () => ScanStore.open(inject("azuriteConnectionString"), `k${randomUUID().slice(0, 8)}`)],
  ["memory store", async () => new MemoryScanStore()],
];

function run(state: ScanRun["state"], shardsTotal: number): ScanRun {
  return {
    runId: newRunId(NOW, randomUUID().slice(0, 6)),
    mode: "full",
    now: NOW.toISOString(),
    startedAt: NOW.toISOString(),
    finishedAt: null,
    state,
    shardsTotal,
    shardsDone: 0,
    pairs: 0,
    counts: {},
    errors: [],
  };
}

function ports(store: ScanStorePort) {
  return {
    store,
    clock: { now: () => FINISHED },
    policy: defaultCadencePolicy,
    graph: {
      readEvents: async () => {
        throw new Error("no series to confirm in these runs");
      },
    },
  };
}

const skip = (shardIndex: number) => ({
  shardIndex,
  pairs: 12,
  managers: 3,
  reason: "failed every delivery",
});

describe.each(stores)("skipShard (%s)", (_name, open) => {
  it("counts a skipped shard as finished: the run completes and lists it", async () => {
    const store = await open();
    const r = run("running", 2);
    await store.saveRun(r);
    await store.markShardDone(r.runId, 0, ["mailbox x: throttled"]);

    const live = await skipShard(ports(store), r.runId, skip(1));
    expect(live).toEqual({ outcome: "skipped", runComplete: true, reason: "failed every delivery" });
    const saved = await store.getRun(r.runId);
    expect(saved).toMatchObject({
      state: "complete",
      shardsDone: 2,
      finishedAt: FINISHED.toISOString(),
      errors: ["mailbox x: throttled"],
      skipped: [skip(1)],
    });
  });

  it("says what the shard's last failed delivery answered, when that was noted", async () => {
    const store = await open();
    const r = run("running", 2);
    await store.saveRun(r);
    await noteShardFailure({ store }, { runId: r.runId, shardIndex: 1 }, new Error("first"));
    await noteShardFailure(
      { store },
      { runId: r.runId, shardIndex: 1 },
      new AppError("GRAPH.SERVICE_UNAVAILABLE", "503 after 6 attempts"),
    );
    // A note is no shard marker: the run still waits for both shards.
    expect((await store.shardProgress(r.runId)).done).toBe(0);
    await skipShard(ports(store), r.runId, skip(1));
    expect((await store.shardProgress(r.runId)).skipped).toEqual([
      {
        ...skip(1),
        reason: "failed every delivery; last error: GRAPH.SERVICE_UNAVAILABLE: 503 after 6 attempts",
      },
    ]);
  });

  it("shows the skip live in the status while other shards still run, and records it once", async () => {
    const store = await open();
    const r = run("running", 3);
    await store.saveRun(r);
    expect(await skipShard(ports(store), r.runId, skip(2))).toEqual({
      outcome: "skipped",
      runComplete: false,
      reason: "failed every delivery",
    });
    // The host may deliver the poisoned message again: the skip is not counted twice.
    expect(await skipShard(ports(store), r.runId, skip(2))).toEqual({
      outcome: "alreadyDone",
      runComplete: false,
    });
    expect(await scanStatus(store, r.runId)).toMatchObject({
      state: "running",
      shardsDone: 1,
      skipped: [skip(2)],
    });
  });

  it("finishes a run whose shard was recorded before its message was poisoned", async () => {
    const store = await open();
    const r = run("running", 1);
    await store.saveRun(r);
    await store.markShardDone(r.runId, 0, []);
    expect(await skipShard(ports(store), r.runId, skip(0))).toEqual({
      outcome: "alreadyDone",
      runComplete: true,
    });
    const saved = await store.getRun(r.runId);
    expect(saved?.state).toBe("complete");
    expect(saved?.skipped).toBeUndefined();
  });

  it("records nothing for an unknown run or a shard index outside the run", async () => {
    const store = await open();
    const r = run("running", 2);
    await store.saveRun(r);
    expect(await skipShard(ports(store), "no-such-run", skip(0))).toEqual({ outcome: "unknownShard" });
    // Index 2 is the run's completion marker (one past the last shard): a damaged header must not take it.
    expect(await skipShard(ports(store), r.runId, skip(2))).toEqual({ outcome: "unknownShard" });
    expect((await store.shardProgress(r.runId)).done).toBe(0);
  });
});

describe.each(stores)("failScanPreparation (%s)", (_name, open) => {
  it("marks a run still preparing as failed, with the reason", async () => {
    const store = await open();
    const r = run("preparing", 0);
    await store.saveRun(r);
    expect(await failScanPreparation(ports(store), r.runId, "directory read failed")).toEqual({
      outcome: "failed",
    });
    expect(await store.getRun(r.runId)).toMatchObject({
      state: "failed",
      failure: "directory read failed",
      finishedAt: FINISHED.toISOString(),
    });
    expect(await scanStatus(store, r.runId)).toMatchObject({ state: "failed" });
  });

  it("leaves a run that got past preparing alone", async () => {
    const store = await open();
    const r = run("running", 2);
    await store.saveRun(r);
    expect(await failScanPreparation(ports(store), r.runId, "late")).toEqual({
      outcome: "notPreparing",
      state: "running",
    });
    expect((await store.getRun(r.runId))?.state).toBe("running");
    expect(await failScanPreparation(ports(store), "no-such-run", "x")).toEqual({ outcome: "unknownRun" });
  });
});
