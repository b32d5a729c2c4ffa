// The run's series confirmation through the real use cases with in-memory ports: a missing pair whose only series
// shows nothing since the floor began is settled by its master, read once per run, and kept for later scans.
import type { Event } from "@microsoft/microsoft-graph-types";
import { describe, expect, it } from "vitest";
import { defaultCadencePolicy } from "../../../shared/domain/cadencePolicy.js";
import { AppError } from "../../../shared/errors.js";
import { MemoryIncrementalStore } from "../../../shared/store/memoryIncrementalStore.js";
import { MemoryScanStore } from "../../../shared/store/memoryScanStore.js";
import type { KeyedResult } from "../../../shared/usecases/ports/keyedResult.js";
import type { EventRef, ScanGraph } from "../../../shared/usecases/ports/scanPorts.js";
import { scanShard } from "../../../shared/usecases/scanShard.js";
import { scanTenant } from "../../../shared/usecases/scanTenant.js";
import { directoryEntry } from "../../helpers/directoryEntry.js";

const DAY = 86_400_000;
const T0 = Date.parse("2026-11-25T09:00:00Z");

const iso = (t: number) => new Date(t).toISOString().replace("Z", "");
function occurrence(manager: string, report: string, start: number, series: string): Event {
  return {
    type: "occurrence",
    seriesMasterId: series,
    start: { dateTime: iso(start), timeZone: "UTC" },
    end: { dateTime: iso(start + 30 * 60_000), timeZone: "UTC" },
    organizer: { emailAddress: { address: `${manager}@contoso.com` } },
    attendees: [{ type: "required", emailAddress: { address: `${report}@contoso.com` } }],
    isAllDay: false,
    isCancelled: false,
    createdDateTime: "2026-05-01T00:00:00Z",
  };
}

function master(manager: string, report: string, id: string, endDate?: string): Event {
  return {
    ...occurrence(manager, report, Date.parse("2026-05-04T10:00:00Z"), id),
    id,
    type: "seriesMaster",
    seriesMasterId: null,
    recurrence: {
      pattern: { type: "weekly", interval: 2, daysOfWeek: ["monday"] },
      range: endDate
        ? { type: "endDate", startDate: "2026-05-04", endDate, recurrenceTimeZone: "UTC" }
        : { type: "noEnd", startDate: "2026-05-04", recurrenceTimeZone: "UTC" },
    },
  };
}

/**
 * Managers m1..m3, each with one report whose bi-weekly series was held until day -103 and cancelled since:
 * m1's master still runs, m2's was deleted, m3's range ended. m4–r4 is healthy (a weekly single each week).
 */
class FakeTenant implements ScanGraph {
  users = [
    directoryEntry("m1", null),
    directoryEntry("r1", "m1"),
    directoryEntry("m2", null),
    directoryEntry("r2", "m2"),
    directoryEntry("m3", null),
  ];
  calendars = new Map<string, Event[]>();
  masters = new Map<string, Event>();
  masterReads: EventRef[][] = [];
  calendarReads: string[] = [];
  failMasters: AppError | null = null;

  constructor() {
    this.users.push(directoryEntry("r3", "m3"), directoryEntry("m4", null), directoryEntry("r4", "m4"));
    for (const n of [1, 2, 3]) {
      const events = [];
      for (let t = Date.parse("2026-05-04T10:00:00Z"); t <= T0 - 103 * DAY; t += 14 * DAY)
        events.push(occurrence(`m${n}`, `r${n}`, t, `s${n}`));
      this.calendars.set(`m${n}`, events);
    }
    this.masters.set("s1", master("m1", "r1", "s1"));
    this.masters.set("s3", master("m3", "r3", "s3", "2026-08-31"));
    const m4 = [];
    for (let t = T0 - 80 * DAY; t < T0 + 100 * DAY; t += 7 * DAY) m4.push(occurrence("m4", "r4", t, "s4"));
    this.calendars.set("m4", m4);
  }

  async listUsers() {
    return this.users;
  }
  async readCalendarViews(mailboxes: readonly string[], window: { start: Date; end: Date }) {
    this.calendarReads.push(...mailboxes);
    const inWindow = (e: Event) => {
      const t = Date.parse(`${e.start!.dateTime}Z`);
      return t >= window.start.getTime() && t < window.end.getTime();
    };
    return new Map(
      mailboxes.map((m) => [m, { ok: true as const, value: (this.calendars.get(m) ?? []).filter(inWindow) }]),
    );
  }
  async readEvents(refs: readonly EventRef[]): Promise<KeyedResult<Event>[]> {
    this.masterReads.push([...refs]);
    return refs.map((ref) => {
      if (this.failMasters) return { ok: false, error: this.failMasters };
      const found = this.masters.get(ref.id);
      return found
        ? { ok: true, value: found }
        : { ok: false, error: new AppError("GRAPH.NOT_FOUND", "The specified object was not found") };
    });
  }
}

function portsFor(tenant: FakeTenant, at: number, state?: MemoryIncrementalStore, refreshMarginDays = 28) {
  return {
    graph: tenant,
    store: new MemoryScanStore(),
    clock: { now: () => new Date(at) },
    policy: defaultCadencePolicy,
    runSuffix: () => "t",
    ...(state ? { incremental: { store: state, graph: deltaGraph }, refreshMarginDays } : {}),
  };
}

const deltaGraph = {
  latestUsersDeltaLink: async () => "v0",
  readUsersDelta: async () => ({ users: [], deltaLink: "v0" }),
};

async function scanAt(tenant: FakeTenant, at: number, state?: MemoryIncrementalStore, marginDays?: number) {
  const ports = portsFor(tenant, at, state, marginDays);
  const { run, shards } = await scanTenant(ports);
  // Every shard finishes at once: each may find all the others done.
  await Promise.all(shards.map((shard) => scanShard(ports, shard)));
  const pairs = await ports.store.listPairs(run.runId);
  return {
    run: (await ports.store.getRun(run.runId))!,
    byReport: new Map(pairs.map((p) => [p.reportId, p])),
  };
}

describe("series confirmation", () => {
  it("settles each missing pair's old series from its master, reading the masters once per run", async () => {
    const tenant = new FakeTenant();
    tenant.users.push(
      ...Array.from({ length: 40 }, (_, i) => directoryEntry(`x${i}`, null)),
      ...Array.from({ length: 40 }, (_, i) => directoryEntry(`y${i}`, `x${i}`)),
    );
    const { run, byReport } = await scanAt(tenant, T0);
    expect(run).toMatchObject({ state: "complete", shardsDone: run.shardsTotal, errors: [] });
    expect(run.shardsTotal).toBeGreaterThan(1);
    expect(tenant.masterReads).toEqual([
      [
        { mailbox: "m1", id: "s1" },
        { mailbox: "m2", id: "s2" },
        { mailbox: "m3", id: "s3" },
      ],
    ]);
    expect(byReport.get("r1")).toMatchObject({ status: "lapsed", seriesId: "s1", lastHeld: null });
    expect(byReport.get("r1")?.reason).toContain(
      "still exists, but its occurrences are cancelled or declined",
    );
    expect(byReport.get("r2")).toMatchObject({ status: "missing", seriesId: "s2" });
    expect(byReport.get("r2")?.reason).toBe("no 1:1 in the last 90 days; series ended 2026-08-10");
    expect(byReport.get("r3")).toMatchObject({ status: "missing", seriesId: "s3" });
    expect(byReport.get("r3")?.reason).toContain("series ended 2026-08-31");
    expect(byReport.get("r4")?.status).toBe("healthy");
    expect([...byReport.values()].every((p) => p.seriesToConfirm === undefined)).toBe(true);
    expect(run.counts).toEqual({ lapsed: 1, missing: 2 + 40, healthy: 1 });
  });

  it("a shard re-delivered after the run completed leaves the confirmed pairs as they are", async () => {
    const tenant = new FakeTenant();
    const ports = portsFor(tenant, T0);
    const { run, shards } = await scanTenant(ports);
    for (const shard of shards) await scanShard(ports, shard);
    const before = await ports.store.listPairs(run.runId);
    expect(before.find((p) => p.reportId === "r1")?.status).toBe("lapsed");
    // Each says the run is complete, so a series plan lost with the completing delivery is queued again.
    for (const shard of shards)
      expect(await scanShard(ports, shard)).toEqual({ outcome: "alreadyDone", runComplete: true });
    expect(await ports.store.listPairs(run.runId)).toEqual(before);
  });

  it("completes the run on re-delivery when the shard that completed it died half-way", async () => {
    const tenant = new FakeTenant();
    const ports = portsFor(tenant, T0);
    const { run, shards } = await scanTenant(ports);
    const saveRun = ports.store.saveRun.bind(ports.store);
    let failures = 1;
    ports.store.saveRun = async (r) => {
      if (r.state === "complete" && failures-- > 0) throw new Error("storage went away");
      return saveRun(r);
    };
    const last = shards.at(-1)!;
    for (const shard of shards.slice(0, -1)) await scanShard(ports, shard);
    await expect(scanShard(ports, last)).rejects.toThrow("storage went away");
    expect((await ports.store.getRun(run.runId))?.state).toBe("running");
    // The queue delivers the message again.
    // It says it completed the run, so the function queues the run's series plan as the lost delivery would have.
    expect(await scanShard(ports, last)).toEqual({ outcome: "alreadyDone", runComplete: true });
    const done = await ports.store.getRun(run.runId);
    expect(done).toMatchObject({ state: "complete", counts: { lapsed: 1, missing: 2, healthy: 1 } });
  });

  it("reads history before the lookback, so a series last held 103 days ago shows at all", async () => {
    const tenant = new FakeTenant();
    await scanAt(tenant, T0);
    const noHistory = portsFor(tenant, T0);
    const { shards } = await scanTenant(noHistory);
    tenant.masterReads = [];
    for (const shard of shards) await scanShard({ ...noHistory, historyDays: 0 }, shard);
    expect(tenant.masterReads).toEqual([]);
  });

  it("leaves the pairs missing and reports the masters it could not read", async () => {
    const tenant = new FakeTenant();
    tenant.failMasters = new AppError("GRAPH.FORBIDDEN", "Access is denied");
    const { run, byReport } = await scanAt(tenant, T0);
    expect(byReport.get("r1")).toMatchObject({ status: "missing", seriesId: "s1" });
    expect(byReport.get("r1")?.seriesToConfirm).toBeUndefined();
    expect(run.errors).toContain("m1@contoso.com: series s1: GRAPH.FORBIDDEN Access is denied");
  });

  it("keeps what the masters said, so later incremental scans classify alike without reading them", async () => {
    const tenant = new FakeTenant();
    const state = new MemoryIncrementalStore();
    const first = await scanAt(tenant, T0, state);
    await state.saveSubscriptions(
      ["m1", "m2", "m3", "m4"].map((m) => ({
        mailbox: m,
        subscriptionId: `sub-${m}`,
        expirationDateTime: new Date(T0 + 30 * DAY).toISOString(),
      })),
    );
    const kept = new Map((await state.listBaselines()).map((b) => [b.reportId, b]));
    const r1 = kept.get("r1")?.result;
    expect(r1 && "calendar" in r1 && r1.calendar.series[0]?.range).toEqual({
      type: "noEnd",
      startDate: "2026-05-04",
    });
    const r2 = kept.get("r2")?.result;
    expect(r2 && "calendar" in r2 && r2.calendar.mastersGone).toEqual(["s2"]);

    tenant.masterReads = [];
    tenant.calendarReads = [];
    const later = await scanAt(tenant, T0 + 5 * DAY, state);
    expect(later.run.mode).toBe("incremental");
    expect(tenant.calendarReads).toEqual([]);
    expect(tenant.masterReads).toEqual([]);
    for (const report of ["r1", "r2", "r3"]) {
      const { runId: _a, ...before } = first.byReport.get(report)!;
      const { runId: _b, ...after } = later.byReport.get(report)!;
      expect(after).toEqual(before);
    }

    // A re-read manager's calendar is settled again: its master may have changed meanwhile.
    tenant.masters.delete("s1");
    await state.markDirty(["m1"], new Date(T0 + 6 * DAY));
    const reread = await scanAt(tenant, T0 + 7 * DAY, state);
    expect(tenant.calendarReads).toEqual(["m1"]);
    expect(tenant.masterReads).toEqual([[{ mailbox: "m1", id: "s1" }]]);
    expect(reread.byReport.get("r1")).toMatchObject({ status: "missing", seriesId: "s1" });
  });

  it("confirms a kept pair that slipped out of the floor when no shard runs", async () => {
    const tenant = new FakeTenant();
    // m5–r5: held every two weeks until day -20, cancelled since, the master still running.
    tenant.users.push(directoryEntry("m5", null), directoryEntry("r5", "m5"));
    const held = [];
    for (let t = T0 - 160 * DAY; t <= T0 - 20 * DAY; t += 14 * DAY)
      held.push(occurrence("m5", "r5", t, "s5"));
    tenant.calendars.set("m5", held);
    tenant.masters.set("s5", master("m5", "r5", "s5"));
    const state = new MemoryIncrementalStore();
    const first = await scanAt(tenant, T0, state, 120);
    expect(first.byReport.get("r5")?.status).toBe("belowTarget");
    await state.saveSubscriptions(
      ["m1", "m2", "m3", "m4", "m5"].map((m) => ({
        mailbox: m,
        subscriptionId: `sub-${m}`,
        expirationDateTime: new Date(T0 + 200 * DAY).toISOString(),
      })),
    );
    tenant.masterReads = [];
    tenant.calendarReads = [];
    // 100 days on, the held 1:1s left the lookback: without the master the pair would read missing.
    const later = await scanAt(tenant, T0 + 100 * DAY, state);
    expect(tenant.calendarReads.filter((m) => m === "m5")).toEqual([]);
    expect(later.run).toMatchObject({ state: "complete", shardsTotal: 0 });
    expect(tenant.masterReads).toEqual([[{ mailbox: "m5", id: "s5" }]]);
    expect(later.byReport.get("r5")).toMatchObject({ status: "lapsed", seriesId: "s5" });
  });
});
