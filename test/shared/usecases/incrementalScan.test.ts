// Incremental scans through the real use cases with in-memory ports: which calendars are read again, and that
// what they record equals a full scan at the same instant.
import type { Event } from "@microsoft/microsoft-graph-types";
import { describe, expect, it } from "vitest";
import type { UserChange } from "../../../shared/domain/applyUsersDelta.js";
import { defaultCadencePolicy } from "../../../shared/domain/cadencePolicy.js";
import { AppError } from "../../../shared/errors.js";
import { MemoryIncrementalStore } from "../../../shared/store/memoryIncrementalStore.js";
import { MemoryScanStore } from "../../../shared/store/memoryScanStore.js";
import type {
  DirectoryEntry,
  IncrementalGraph,
  ScanGraph,
} from "../../../shared/usecases/ports/scanPorts.js";
import type { PairRecord } from "../../../shared/usecases/ports/scanRecords.js";
import { scanShard } from "../../../shared/usecases/scanShard.js";
import { type ScanRequest, scanTenant } from "../../../shared/usecases/scanTenant.js";
import { directoryEntry } from "../../helpers/directoryEntry.js";

const DAY = 86_400_000;
const T0 = Date.parse("2026-11-25T09:00:00Z");

function meeting(manager: string, report: string, start: number, series: string | null): Event {
  const iso = (t: number) => new Date(t).toISOString().replace("Z", "");
  return {
    type: series ? "occurrence" : "singleInstance",
    ...(series ? { seriesMasterId: series } : {}),
    start: { dateTime: iso(start), timeZone: "UTC" },
    end: { dateTime: iso(start + 30 * 60_000), timeZone: "UTC" },
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
  };
}

/** A tiny tenant whose directory and calendars a test changes between scans, as Graph would show them. */
class FakeTenant implements ScanGraph, Pick<IncrementalGraph, "latestUsersDeltaLink" | "readUsersDelta"> {
  users: DirectoryEntry[] = [
    directoryEntry("ceo", null),
    directoryEntry("m1", null),
    directoryEntry("r1", "m1"),
    directoryEntry("r2", "m1"),
  ];
  calendars = new Map<string, Event[]>();
  changes: UserChange[] = [];
  reads: string[] = [];
  directoryReads = 0;
  deltaExpired = false;

  constructor() {
    this.users.push(directoryEntry("m2", null), directoryEntry("r3", "m2"));
    // m1–r1 bi-weekly from 60 days ago to 100 days ahead; m2–r3 monthly singles; m1–r2 nothing.
    const m1 = [];
    for (let t = T0 - 60 * DAY + 3_600_000; t < T0 + 100 * DAY; t += 14 * DAY)
      m1.push(meeting("m1", "r1", t, "s1"));
    this.calendars.set("m1", m1);
    const m2 = [];
    for (let t = T0 - 80 * DAY; t < T0 + 100 * DAY; t += 30 * DAY) m2.push(meeting("m2", "r3", t, null));
    this.calendars.set("m2", m2);
  }

  /** Changes a user as Graph's directory would, and logs it for the users delta. */
  change(change: UserChange & { id: string }): void {
    this.changes.push(change);
    const i = this.users.findIndex((u) => u.id === change.id);
    const next = {
      ...(this.users[i] ?? directoryEntry(change.id, null)),
      ...(change.manager !== undefined ? { managerId: change.manager?.id ?? null } : {}),
    };
    if (i >= 0) this.users[i] = next;
    else this.users.push(next);
  }

  async listUsers() {
    this.directoryReads++;
    return this.users.map((u) => ({ ...u }));
  }
  async readCalendarViews(mailboxes: readonly string[], window: { start: Date; end: Date }) {
    this.reads.push(...mailboxes);
    const inWindow = (e: Event) => {
      const t = Date.parse(`${e.start!.dateTime}Z`);
      return t >= window.start.getTime() && t < window.end.getTime();
    };
    return new Map(
      mailboxes.map((m) => [m, { ok: true as const, value: (this.calendars.get(m) ?? []).filter(inWindow) }]),
    );
  }
  async latestUsersDeltaLink() {
    return `v${this.changes.length}`;
  }
  async readUsersDelta(deltaLink: string) {
    if (this.deltaExpired) throw new AppError("GRAPH.SYNC_STATE_EXPIRED", "resync required");
    return { users: this.changes.slice(Number(deltaLink.slice(1))), deltaLink: `v${this.changes.length}` };
  }
}

interface Setup {
  tenant: FakeTenant;
  state: MemoryIncrementalStore;
}

/** One whole scan at `at` (tenant, then every shard); the pairs it recorded, comparable across runs. */
async function scanAt(setup: Setup, at: number, request: ScanRequest = "auto", incremental = true) {
  const store = new MemoryScanStore();
  const clock = { now: () => new Date(at) };
  const ports = {
    graph: setup.tenant,
    store,
    clock,
    policy: defaultCadencePolicy,
    runSuffix: () => "t",
    refreshMarginDays: 28,
    ...(incremental ? { incremental: { store: setup.state, graph: setup.tenant } } : {}),
  };
  setup.tenant.reads = [];
  const { run, shards, plan } = await scanTenant(ports, request);
  for (const shard of shards) await scanShard(ports, shard);
  const pairs = (await store.listPairs(run.runId))
    .map(({ runId: _, ...rest }) => rest)
    .sort((a, b) => `${a.managerId}/${a.reportId}`.localeCompare(`${b.managerId}/${b.reportId}`));
  return { run: (await store.getRun(run.runId))!, pairs, plan, reads: [...setup.tenant.reads].sort() };
}

/** What a full scan from scratch records at `at`: the reference an incremental scan must equal. */
async function fullScanAt(tenant: FakeTenant, at: number): Promise<Omit<PairRecord, "runId">[]> {
  const reads = tenant.reads;
  const { pairs } = await scanAt({ tenant, state: new MemoryIncrementalStore() }, at, "full", false);
  tenant.reads = reads;
  return pairs;
}

async function watched(setup: Setup, until = T0 + 7 * DAY): Promise<void> {
  await setup.state.saveSubscriptions(
    ["m1", "m2"].map((m) => ({
      mailbox: m,
      subscriptionId: `sub-${m}`,
      expirationDateTime: new Date(until).toISOString(),
    })),
  );
}

describe("incremental scans", () => {
  it("start with a full scan, then read no calendar while nothing changed, classifying at the new instant", async () => {
    const setup = { tenant: new FakeTenant(), state: new MemoryIncrementalStore() };
    const first = await scanAt(setup, T0);
    expect(first.run.mode).toBe("full");
    expect(first.plan.fullBecause).toBe("noBaseline");
    expect(first.reads).toEqual(["m1", "m2"]);
    await watched(setup, T0 + 30 * DAY);

    for (const days of [1, 5, 20]) {
      const later = await scanAt(setup, T0 + days * DAY);
      expect(later.run.mode).toBe("incremental");
      expect(later.run.state).toBe("complete");
      expect(later.reads).toEqual([]);
      expect(later.plan.keptPairs).toBe(3);
      expect(later.pairs).toEqual(await fullScanAt(setup.tenant, T0 + days * DAY));
    }
    expect(setup.tenant.directoryReads).toBe(1 + 3); // the first scan, plus one reference full scan per check
  });

  it("reads again only the manager a notification marked, and clears the mark once read", async () => {
    const setup = { tenant: new FakeTenant(), state: new MemoryIncrementalStore() };
    await scanAt(setup, T0);
    await watched(setup, T0 + 30 * DAY);
    // m1 books a new 1:1 with r2 tomorrow; Graph notifies the change.
    setup.tenant.calendars.get("m1")!.push(meeting("m1", "r2", T0 + 2 * DAY, null));
    await setup.state.markDirty(["m1"], new Date(T0 + DAY));

    const next = await scanAt(setup, T0 + 2 * DAY - 3_600_000);
    expect(next.reads).toEqual(["m1"]);
    expect(next.plan.rereads).toEqual({ dirty: 1 });
    expect(next.pairs).toEqual(await fullScanAt(setup.tenant, T0 + 2 * DAY - 3_600_000));
    expect(await setup.state.listDirty()).toEqual([]);
    expect((await scanAt(setup, T0 + 3 * DAY)).reads).toEqual([]);
  });

  it("clears marks on mailboxes no scan will read (a former manager), so they do not pile up", async () => {
    const setup = { tenant: new FakeTenant(), state: new MemoryIncrementalStore() };
    await scanAt(setup, T0);
    await watched(setup, T0 + 30 * DAY);
    await setup.state.markDirty(["r1", "m2"], new Date(T0));
    const next = await scanAt(setup, T0 + DAY);
    expect(next.reads).toEqual(["m2"]);
    expect(await setup.state.listDirty()).toEqual([]);
  });

  it("keeps a mark renewed during the read for the next scan", async () => {
    const setup = { tenant: new FakeTenant(), state: new MemoryIncrementalStore() };
    await scanAt(setup, T0);
    await watched(setup, T0 + 30 * DAY);
    await setup.state.markDirty(["m2"], new Date(T0));
    const read = setup.tenant.readCalendarViews.bind(setup.tenant);
    setup.tenant.readCalendarViews = async (mailboxes, window) => {
      await setup.state.markDirty(["m2"], new Date(T0)); // a notification arriving while the shard reads
      return read(mailboxes, window);
    };
    expect((await scanAt(setup, T0 + DAY)).reads).toEqual(["m2"]);
    expect((await setup.state.listDirty()).map((m) => m.mailbox)).toEqual(["m2"]);
  });

  it("follows the directory through the users delta: a new report's manager is read again, a moved report's pair follows", async () => {
    const setup = { tenant: new FakeTenant(), state: new MemoryIncrementalStore() };
    await scanAt(setup, T0);
    await watched(setup, T0 + 30 * DAY);
    setup.tenant.change({ id: "r2", manager: { id: "m2" } }); // r2 moves from m1 to m2
    const next = await scanAt(setup, T0 + DAY);
    expect(next.reads).toEqual(["m2"]); // m1 lost a report: what was kept for r1 still holds
    expect(next.plan.rereads).toEqual({ pairsChanged: 1 });
    expect(next.pairs).toEqual(await fullScanAt(setup.tenant, T0 + DAY));
    expect(setup.tenant.directoryReads).toBe(1 + 1);
  });

  it("reads unwatched mailboxes every time, and everyone whose window ran out (the rolling refresh)", async () => {
    const setup = { tenant: new FakeTenant(), state: new MemoryIncrementalStore() };
    await scanAt(setup, T0);
    expect((await scanAt(setup, T0 + DAY)).plan.rereads).toEqual({ unwatched: 2 });
    await watched(setup, T0 + 60 * DAY);
    const late = await scanAt(setup, T0 + 30 * DAY); // read on day 1 with a 28-day margin
    expect(late.plan.rereads).toEqual({ windowExpired: 2 });
    expect(late.pairs).toEqual(await fullScanAt(setup.tenant, T0 + 30 * DAY));
  });

  it("falls back to a full scan when asked, and when Graph expired the users delta", async () => {
    const setup = { tenant: new FakeTenant(), state: new MemoryIncrementalStore() };
    await scanAt(setup, T0);
    await watched(setup);
    const asked = await scanAt(setup, T0 + DAY, "full");
    expect([asked.run.mode, asked.plan.fullBecause, asked.reads]).toEqual([
      "full",
      "requested",
      ["m1", "m2"],
    ]);
    setup.tenant.deltaExpired = true;
    const expired = await scanAt(setup, T0 + 2 * DAY);
    expect([expired.run.mode, expired.plan.fullBecause]).toEqual(["full", "deltaExpired"]);
    setup.tenant.deltaExpired = false;
    expect((await scanAt(setup, T0 + 3 * DAY)).run.mode).toBe("incremental");
  });
});
