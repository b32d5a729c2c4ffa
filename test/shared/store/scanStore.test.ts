import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { newRunId } from "../../../shared/domain/newRunId.js";
import { ScanStore } from "../../../shared/store/scanStore.js";
import type { PairRecord, ScanRun } from "../../../shared/usecases/ports/scanRecords.js";

let store: ScanStore;
beforeAll(async () => {
  store = await ScanStore.open(inject("azuriteConnectionString"), `t${randomUUID().slice(0, 8)}`);
});

const run = (startedAt: string, state: ScanRun["state"] = "running"): ScanRun => ({
  runId: newRunId(new Date(startedAt), "a"),
  mode: "full",
  now: startedAt,
  startedAt,
  finishedAt: state === "complete" ? startedAt : null,
  state,
  shardsTotal: 2,
  shardsDone: 0,
  pairs: 0,
  counts: {},
  errors: [],
});

const pair = (runId: string, reportId: string, reason = "no 1:1 in the last 90 days"): PairRecord => ({
  runId,
  managerId: "m/1",
  managerUpn: "m@contoso.com",
  reportId,
  reportUpn: `${reportId}@contoso.com`,
  status: "missing",
  lastHeld: null,
  nextScheduled: null,
  cadenceDays: null,
  seriesId: null,
  reason,
  managerName: "Siobhán O'Brien, Jr.",
  reportName: null,
  department: null,
});

describe("ScanStore", () => {
  it("lists runs newest first and finds the latest complete one", async () => {
    const older = run("2026-11-20T02:00:00.000Z", "complete");
    const newer = run("2026-11-24T02:00:00.000Z");
    await store.saveRun(older);
    await store.saveRun(newer);
    const runs = await store.listRuns();
    expect(runs.map((r) => r.runId)).toEqual([newer.runId, older.runId]);
    expect((await store.latestCompleteRun())?.runId).toBe(older.runId);
    expect(await store.getRun(newer.runId)).toEqual(newer);
    expect(await store.getRun("nope")).toBeUndefined();
  });

  it("keeps nulls and odd characters, and rewriting the same pairs changes nothing", async () => {
    const r = run("2026-11-25T02:00:00.000Z");
    const rows = Array.from({ length: 150 }, (_, i) => pair(r.runId, `r#${i}?`));
    await store.writePairs(rows);
    await store.writePairs(rows);
    const read = await store.listPairs(r.runId);
    expect(read).toHaveLength(150);
    expect(read).toEqual(expect.arrayContaining(rows));
  });

  it("counts a re-delivered shard once", async () => {
    const r = run("2026-11-26T02:00:00.000Z");
    expect(await store.isShardDone(r.runId, 0)).toBe(false);
    expect(await store.markShardDone(r.runId, 0, [])).toBe(true);
    expect(await store.isShardDone(r.runId, 0)).toBe(true);
    expect(await store.markShardDone(r.runId, 0, [])).toBe(false);
    expect(await store.markShardDone(r.runId, 1, ["mailbox x: MailboxNotEnabledForRESTAPI"])).toBe(true);
    expect(await store.shardProgress(r.runId)).toEqual({
      done: 2,
      errors: ["mailbox x: MailboxNotEnabledForRESTAPI"],
      skipped: [],
    });
    // A shard is recorded or skipped, never both.
    const skip = { shardIndex: 1, pairs: 4, managers: 2, reason: "failed every delivery" };
    expect(await store.markShardSkipped(r.runId, skip)).toBe(false);
    expect(await store.markShardSkipped(r.runId, { ...skip, shardIndex: 2 })).toBe(true);
    expect(await store.isShardDone(r.runId, 2)).toBe(true);
    expect((await store.shardProgress(r.runId)).skipped).toEqual([{ ...skip, shardIndex: 2 }]);
    // A failure note is kept apart from the markers, replaced by the next one, and purged with the run.
    await store.noteShardFailure(r.runId, 3, "first");
    await store.noteShardFailure(r.runId, 3, "GRAPH.THROTTLED: still throttled");
    expect(await store.shardFailure(r.runId, 3)).toBe("GRAPH.THROTTLED: still throttled");
    expect(await store.shardFailure(r.runId, 4)).toBeUndefined();
    expect((await store.shardProgress(r.runId)).done).toBe(3);
    await store.deleteRun(r.runId);
    expect(await store.shardFailure(r.runId, 3)).toBeUndefined();
  });
});
