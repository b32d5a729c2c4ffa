// Retention on Azurite with a fixed clock: runs started more than CADENCE_RETENTION_DAYS ago go with every pair row
// and shard marker; younger runs and the report's newest complete run stay.
import { randomUUID } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { newRunId } from "../../../shared/domain/newRunId.js";
import { ScanStore } from "../../../shared/store/scanStore.js";
import type { PairRecord, ScanRun } from "../../../shared/usecases/ports/scanRecords.js";
import { purgeOldResults } from "../../../shared/usecases/purgeOldResults.js";

const NOW = new Date("2026-11-25T09:00:00Z");
const CUTOFF = "2025-10-21T09:00:00.000Z"; // NOW − 400 days

const open = () => ScanStore.open(inject("azuriteConnectionString"), `p${randomUUID().slice(0, 8)}`);

const run = (startedAt: string, state: ScanRun["state"] = "complete"): ScanRun => ({
  runId: newRunId(new Date(startedAt), "r"),
  mode: "full",
  now: startedAt,
  startedAt,
  finishedAt: state === "complete" ? startedAt : null,
  state,
  shardsTotal: 1,
  shardsDone: 1,
  pairs: 0,
  counts: {},
  errors: [],
});

const pairs = (runId: string, n: number): PairRecord[] =>
  Array.from({ length: n }, (_, i) => ({
    runId,
    managerId: "m1",
    managerUpn: "m1@contoso.com",
    reportId: `r${i}`,
    reportUpn: `r${i}@contoso.com`,
    status: "healthy",
    lastHeld: null,
    nextScheduled: null,
    cadenceDays: 14,
    seriesId: null,
    reason: "bi-weekly",
    managerName: null,
    reportName: null,
    department: null,
  }));

async function seed(store: ScanStore, runs: Array<{ run: ScanRun; pairs: number }>) {
  for (const r of runs) {
    await store.saveRun(r.run);
    await store.writePairs(pairs(r.run.runId, r.pairs));
    await store.markShardDone(r.run.runId, 0, []);
  }
}

describe("purgeOldResults", () => {
  it("deletes runs started before now − retention with all their rows; the cutoff instant itself stays", async () => {
    const store = await open();
    const ancient = run("2024-01-01T02:00:00Z");
    const old = run("2025-06-01T02:00:00Z", "running"); // a run that never finished ages out too
    const atCutoff = run(CUTOFF);
    const latest = run("2026-11-24T02:00:00Z");
    await seed(store, [
      { run: ancient, pairs: 250 }, // more than one 100-row transaction
      { run: old, pairs: 3 },
      { run: atCutoff, pairs: 2 },
      { run: latest, pairs: 4 },
    ]);
    const ports = { store, clock: { now: () => NOW }, retentionDays: 400 };

    const done = await purgeOldResults(ports);
    expect(done).toEqual({
      cutoff: CUTOFF,
      deletedRuns: [old.runId, ancient.runId],
      deletedPairs: 253,
      kept: null,
    });
    for (const gone of [ancient, old]) {
      expect(await store.getRun(gone.runId)).toBeUndefined();
      expect(await store.listPairs(gone.runId)).toEqual([]);
      expect((await store.shardProgress(gone.runId)).done).toBe(0);
    }
    expect((await store.listRuns()).map((r) => r.runId)).toEqual([latest.runId, atCutoff.runId]);
    expect(await store.listPairs(atCutoff.runId)).toHaveLength(2);
    expect(await store.listPairs(latest.runId)).toHaveLength(4);

    // Nothing is left to purge at the same instant; a day later the cutoff run goes.
    expect((await purgeOldResults(ports)).deletedRuns).toEqual([]);
    const dayLater = await purgeOldResults({
      ...ports,
      clock: { now: () => new Date(NOW.getTime() + 86_400_000) },
    });
    expect(dayLater.deletedRuns).toEqual([atCutoff.runId]);
  });

  it("keeps the newest complete run when every run is old, so the report never goes blank", async () => {
    const store = await open();
    const older = run("2024-01-01T02:00:00Z");
    const newest = run("2024-02-01T02:00:00Z");
    const stuck = run("2024-03-01T02:00:00Z", "running");
    await seed(store, [
      { run: older, pairs: 1 },
      { run: newest, pairs: 2 },
      { run: stuck, pairs: 1 },
    ]);
    const done = await purgeOldResults({ store, clock: { now: () => NOW }, retentionDays: 400 });
    expect(done).toMatchObject({
      deletedRuns: [stuck.runId, older.runId],
      deletedPairs: 2,
      kept: newest.runId,
    });
    expect((await store.listRuns()).map((r) => r.runId)).toEqual([newest.runId]);
    expect(await store.listPairs(newest.runId)).toHaveLength(2);
  });
});
