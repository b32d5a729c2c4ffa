// Use-case logic of the scan with a small in-memory Graph port (the Graph adapters are tested against the
// simulator elsewhere) and both stores.
import { createHash, randomUUID } from "node:crypto";
import type { Event } from "@microsoft/microsoft-graph-types";
import { describe, expect, inject, it } from "vitest";
import { defaultCadencePolicy } from "../../../shared/domain/cadencePolicy.js";
import { AppError } from "../../../shared/errors.js";
import { MemoryScanStore } from "../../../shared/store/memoryScanStore.js";
import { ScanStore } from "../../../shared/store/scanStore.js";
import {
  shardFitsQueueMessage,
  shardMessageSchema,
  toShardWire,
} from "../../../shared/store/shardQueueMessage.js";
import type { CalendarRead, DirectoryEntry, ScanGraph } from "../../../shared/usecases/ports/scanPorts.js";
import type { ScanStorePort } from "../../../shared/usecases/ports/scanStorePort.js";
import { scanShard } from "../../../shared/usecases/scanShard.js";
import { scanTenant } from "../../../shared/usecases/scanTenant.js";
import { directoryEntry } from "../../helpers/directoryEntry.js";

const now = new Date("2026-11-25T09:00:00Z");
const clock = { now: () => now };

function oneOnOne(manager: string, report: string, startIso: string, extra: Partial<Event> = {}): Event {
  const start = new Date(startIso);
  const end = new Date(start.getTime() + 30 * 60_000);
  return {
    type: "occurrence",
    seriesMasterId: `series-${manager}-${report}`,
    start: { dateTime: start.toISOString().replace("Z", ""), timeZone: "UTC" },
    end: { dateTime: end.toISOString().replace("Z", ""), timeZone: "UTC" },
    organizer: { emailAddress: { address: `${manager}@contoso.com` } },
    attendees: [
      {
        type: "required",
        emailAddress: { address: `${report}@contoso.com` },
        status: { response: "accepted" },
      },
    ],
    isAllDay: false,
    isCancelled: false,
    createdDateTime: "2026-06-01T00:00:00Z",
    responseStatus: { response: "organizer" },
    ...extra,
  };
}

/** Bi-weekly on Wednesdays at 10:00 UTC from 2026-09-02, through the lookahead. */
function biWeekly(manager: string, report: string): Event[] {
  const events: Event[] = [];
  for (
    let t = Date.parse("2026-09-02T10:00:00Z");
    t < Date.parse("2026-12-30T00:00:00Z");
    t += 14 * 86_400_000
  ) {
    events.push(oneOnOne(manager, report, new Date(t).toISOString()));
  }
  return events;
}

function graphOf(
  users: DirectoryEntry[],
  calendars: Record<string, CalendarRead>,
): ScanGraph & { reads: string[][] } {
  const reads: string[][] = [];
  return {
    reads,
    listUsers: async () => users,
    readCalendarViews: async (mailboxes) => {
      reads.push([...mailboxes]);
      return new Map(mailboxes.map((m) => [m, calendars[m] ?? { ok: true, value: [] }]));
    },
  };
}

const ports = (graph: ScanGraph, store: ScanStorePort = new MemoryScanStore()) => ({
  graph,
  store,
  clock,
  policy: defaultCadencePolicy,
  runSuffix: () => "test",
  shardFits: shardFitsQueueMessage,
});

describe("scanTenant", () => {
  it("shards managers 20 to a message, every message valid and every pair in exactly one", async () => {
    const users = [directoryEntry("ceo", null)];
    for (let m = 0; m < 45; m++) {
      users.push(directoryEntry(`m${m}`, "ceo"));
      for (let r = 0; r < 3; r++) users.push(directoryEntry(`m${m}r${r}`, `m${m}`));
    }
    const { run, shards } = await scanTenant(ports(graphOf(users, {})));
    expect(shards.map((s) => s.managerIds.length)).toEqual([20, 20, 6]);
    for (const s of shards) expect(shardMessageSchema.parse(toShardWire(s))).toEqual(s);
    expect(run).toMatchObject({ state: "running", shardsTotal: 3, pairs: 45 + 45 * 3 });
    const keys = shards.flatMap((s) => s.pairs.map((p) => `${p.managerId}/${p.reportId}`));
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toHaveLength(180);
  });

  it("spreads a team too large for one queue message over several messages", async () => {
    const users = [directoryEntry("boss", null)];
    // Hash-like names compress badly, so this team cannot fit one message even gzip-compressed.
    const noise = (r: number) => createHash("sha256").update(String(r)).digest("hex");
    for (let r = 0; r < 3000; r++) {
      users.push(directoryEntry(`r${r}-${noise(r)}`, "boss", { displayName: `Réport ${noise(-r)}` }));
    }
    const { shards } = await scanTenant(ports(graphOf(users, {})));
    expect(shards.length).toBeGreaterThan(1);
    for (const s of shards) {
      const queued = Buffer.from(JSON.stringify(toShardWire(s))).toString("base64");
      expect(Buffer.byteLength(queued)).toBeLessThanOrEqual(64 * 1024);
    }
    expect(shards.flatMap((s) => s.pairs)).toHaveLength(3000);
  });

  it("records a pair whose report has no mailbox as excluded without reading a calendar", async () => {
    const store = new MemoryScanStore();
    const graph = graphOf([directoryEntry("m", null), directoryEntry("r", "m", { mail: null })], {});
    const { run, shards } = await scanTenant(ports(graph, store));
    expect(shards).toEqual([]);
    expect(run).toMatchObject({ state: "complete", shardsTotal: 0, counts: { excluded: 1 } });
    const [pair] = await store.listPairs(run.runId);
    expect(pair).toMatchObject({ reportId: "r", status: "excluded" });
    expect(pair?.reason).toContain("report r@contoso.com has no mailbox");
    const empty = await scanTenant(ports(graphOf([directoryEntry("solo", null)], {})));
    expect(empty.run).toMatchObject({ state: "complete", shardsTotal: 0 });
  });

  it("gives no shard slot to a manager whose pairs are all excluded", async () => {
    const users = [directoryEntry("ceo", null, { mail: null })];
    for (let m = 0; m < 25; m++) {
      users.push(directoryEntry(`m${m}`, "ceo"));
      // Every other manager has only a report without a mailbox.
      users.push(directoryEntry(`m${m}r`, `m${m}`, m % 2 === 0 ? {} : { mail: null }));
    }
    const { shards } = await scanTenant(ports(graphOf(users, {})));
    // 13 managers have a calendar to read: one shard, not two half-empty ones.
    expect(shards.map((s) => s.managerIds.length)).toEqual([13]);
  });
});

describe("scanShard", () => {
  const users = [
    directoryEntry("m", null),
    directoryEntry("a", "m"),
    directoryEntry("b", "m"),
    directoryEntry("n", null),
    directoryEntry("c", "n"),
  ];

  it("classifies from the manager's calendar, excludes an unreadable mailbox and completes the run", async () => {
    const graph = graphOf(users, {
      m: { ok: true, value: biWeekly("m", "a") },
      n: { ok: false, error: new AppError("GRAPH.MAILBOX_NOT_ENABLED", "MailboxNotEnabledForRESTAPI") },
    });
    const store = new MemoryScanStore();
    const { run, shards } = await scanTenant(ports(graph, store));
    const outcome = await scanShard(ports(graph, store), shards[0]!);
    expect(outcome).toEqual({ outcome: "recorded", pairs: 3, runComplete: true });
    const pairs = await store.listPairs(run.runId);
    const status = Object.fromEntries(pairs.map((p) => [p.reportId, p.status]));
    expect(status).toEqual({ a: "healthy", b: "missing", c: "excluded" });
    expect(pairs.find((p) => p.reportId === "c")?.reason).toContain("no Exchange Online mailbox");
    const done = await store.getRun(run.runId);
    expect(done).toMatchObject({
      state: "complete",
      shardsDone: 1,
      counts: { healthy: 1, missing: 1, excluded: 1 },
    });
    expect(graph.reads).toEqual([["m", "n"]]);
  });

  it("fails the shard on throttling that outlived retries, so the queue delivers it again", async () => {
    const graph = graphOf(users, { n: { ok: false, error: new AppError("GRAPH.THROTTLED", "429") } });
    const store = new MemoryScanStore();
    const { run, shards } = await scanTenant(ports(graph, store));
    await expect(scanShard(ports(graph, store), shards[0]!)).rejects.toMatchObject({
      code: "GRAPH.THROTTLED",
    });
    expect(await store.shardProgress(run.runId)).toEqual({ done: 0, errors: [], skipped: [] });
  });

  it("fails the shard on any other unexpected Graph answer rather than calling the mailbox missing", async () => {
    for (const code of ["GRAPH.BAD_REQUEST", "GRAPH.UNAUTHORIZED", "GRAPH.UNEXPECTED"]) {
      const graph = graphOf(users, {
        m: { ok: true, value: biWeekly("m", "a") },
        n: { ok: false, error: new AppError(code, "unexpected") },
      });
      const store = new MemoryScanStore();
      const { run, shards } = await scanTenant(ports(graph, store));
      await expect(scanShard(ports(graph, store), shards[0]!)).rejects.toMatchObject({ code });
      expect(await store.shardProgress(run.runId)).toEqual({ done: 0, errors: [], skipped: [] });
      expect(await store.listPairs(run.runId)).toEqual([]);
    }
  });

  it("excludes the pairs of a manager Graph does not know (404) as having no mailbox", async () => {
    const graph = graphOf(users, { n: { ok: false, error: new AppError("GRAPH.NOT_FOUND", "404") } });
    const store = new MemoryScanStore();
    const { run, shards } = await scanTenant(ports(graph, store));
    await scanShard(ports(graph, store), shards[0]!);
    const c = (await store.listPairs(run.runId)).find((p) => p.reportId === "c");
    expect(c).toMatchObject({ status: "excluded" });
    expect(c?.reason).toContain("has no mailbox");
  });

  it("a re-delivered shard changes nothing (Table Storage)", async () => {
    const graph = graphOf(users, { m: { ok: true, value: biWeekly("m", "a") } });
    const store = await ScanStore.open(inject("azuriteConnectionString"), `t${randomUUID().slice(0, 8)}`);
    const { run, shards } = await scanTenant(ports(graph, store));
    expect(await scanShard(ports(graph, store), shards[0]!)).toMatchObject({
      outcome: "recorded",
      runComplete: true,
    });
    const first = { run: await store.getRun(run.runId), pairs: await store.listPairs(run.runId) };
    expect(await scanShard(ports(graph, store), shards[0]!)).toEqual({
      outcome: "alreadyDone",
      runComplete: true,
    });
    expect({ run: await store.getRun(run.runId), pairs: await store.listPairs(run.runId) }).toEqual(first);
  });

  it("ignores a shard of a run it does not know", async () => {
    const graph = graphOf(users, {});
    const { shards } = await scanTenant(ports(graph, new MemoryScanStore()));
    expect(await scanShard(ports(graph, new MemoryScanStore()), shards[0]!)).toEqual({
      outcome: "unknownRun",
    });
  });
});
