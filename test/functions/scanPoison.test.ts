// The poison-queue triggers of the scan through their real handlers, with the scan's ports on the memory store:
// a poisoned shard is skipped (its run completes and plans), a poisoned prepare fails its run.
import { InvocationContext } from "@azure/functions";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { defaultCadencePolicy } from "../../shared/domain/cadencePolicy.js";
import { MemoryScanStore } from "../../shared/store/memoryScanStore.js";
import { toShardWire } from "../../shared/store/shardQueueMessage.js";
import type { ScanRun } from "../../shared/usecases/ports/scanRecords.js";

let store: MemoryScanStore;
const NOW = "2026-11-25T09:00:00.000Z";

vi.mock("../../shared/composition/scanPortsFromSettings.js", () => ({
  scanPortsFromSettings: async () => ({
    store,
    clock: { now: () => new Date("2026-11-25T09:05:00Z") },
    policy: defaultCadencePolicy,
    graph: {},
  }),
}));

const { scanShardPoisonHandler } = await import("../../functions/scanShardPoison.js");
const { scanPreparePoisonHandler } = await import("../../functions/scanPreparePoison.js");
const { seriesPlanOutput } = await import("../../functions/planQueue.js");

function run(state: ScanRun["state"], shardsTotal: number): ScanRun {
  return {
    runId: "run-1",
    mode: "full",
    now: NOW,
    startedAt: NOW,
    finishedAt: null,
    state,
    shardsTotal,
    shardsDone: 0,
    pairs: 0,
    counts: {},
    errors: [],
  };
}

const pair = (m: string, r: string) => ({
  managerId: `id-${m}`,
  managerUpn: `${m}@contoso.com`,
  managerMail: `${m}@contoso.com`,
  reportId: `id-${r}`,
  reportUpn: `${r}@contoso.com`,
  reportMail: `${r}@contoso.com`,
  exclusion: null,
  managerName: m,
  reportName: r,
  department: null,
});

function context(logs: string[]) {
  return new InvocationContext({
    triggerMetadata: { id: "msg-7" },
    logHandler: (level, ...args) => logs.push(`${level}: ${args.join(" ")}`),
  });
}

beforeEach(() => {
  store = new MemoryScanStore();
});

describe("scanShardPoison", () => {
  it("skips a shard that failed every delivery, counting its pairs, and plans the completed run", async () => {
    await store.saveRun(run("running", 2));
    await store.markShardDone("run-1", 0, []);
    const wire = toShardWire({
      runId: "run-1",
      shardIndex: 1,
      shardCount: 2,
      now: NOW,
      managerIds: ["id-anna"],
      pairs: [pair("anna", "marco"), pair("anna", "carla")],
    });
    const logs: string[] = [];
    const ctx = context(logs);
    await scanShardPoisonHandler(wire, ctx);
    const saved = await store.getRun("run-1");
    expect(saved?.state).toBe("complete");
    expect(saved?.skipped).toEqual([
      { shardIndex: 1, pairs: 2, managers: 1, reason: expect.stringContaining("failed every delivery") },
    ]);
    expect(ctx.extraOutputs.get(seriesPlanOutput)).toEqual({ runId: "run-1" });
    expect(logs.join("\n")).toMatch(
      /error: scan run-1 shard 2\/2 skipped: failed every delivery.*scan complete/,
    );
  });

  it("skips a malformed shard whose header is readable, with the zod issues as the reason", async () => {
    await store.saveRun(run("running", 3));
    const logs: string[] = [];
    const ctx = context(logs);
    await scanShardPoisonHandler(
      { runId: "run-1", shardIndex: 0, shardCount: 3, now: NOW, managerIds: ["a", "b"], pairsGzip: "%%" },
      ctx,
    );
    const status = await store.shardProgress("run-1");
    expect(status.skipped).toEqual([
      {
        shardIndex: 0,
        pairs: null,
        managers: 2,
        reason: expect.stringMatching(/^malformed message: pairsGzip/),
      },
    ]);
    expect((await store.getRun("run-1"))?.state).toBe("running");
    expect(ctx.extraOutputs.get(seriesPlanOutput)).toBeUndefined();
  });

  it("records nothing, loudly, for a message that names no run and shard", async () => {
    await store.saveRun(run("running", 1));
    const logs: string[] = [];
    await scanShardPoisonHandler("not json", context(logs));
    expect((await store.shardProgress("run-1")).done).toBe(0);
    expect(logs.join("\n")).toMatch(/error: scan-shards-poison: message msg-7 names no run and shard/);
    expect(logs.join("\n")).not.toContain("not json");
  });
});

describe("scanPreparePoison", () => {
  it("fails the run that was still preparing, with the reason", async () => {
    await store.saveRun(run("preparing", 0));
    const logs: string[] = [];
    await scanPreparePoisonHandler({ runId: "run-1", mode: "auto" }, context(logs));
    expect(await store.getRun("run-1")).toMatchObject({
      state: "failed",
      failure: expect.stringContaining("failed every delivery"),
    });
    expect(logs.join("\n")).toMatch(/error: scan run-1 failed: /);
  });

  it("fails the run a malformed prepare message names, saying what was wrong", async () => {
    await store.saveRun(run("preparing", 0));
    await scanPreparePoisonHandler({ runId: "run-1", mode: "sideways" }, context([]));
    expect((await store.getRun("run-1"))?.failure).toMatch(/^malformed prepare message: mode: /);
  });
});
