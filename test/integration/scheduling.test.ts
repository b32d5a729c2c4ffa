// Scheduling end to end through its real parts: the scan and the planner over real msal-node and the Graph client
// against the simulator over HTTPS, proposals in Azurite's Table Storage — series counted from what the simulator
// recorded and holds, slots checked against the simulator's own mailbox settings and free/busy.
import type { Event, MailboxSettings, ScheduleInformation } from "@microsoft/microsoft-graph-types";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateTenant } from "../../dev/sim/generate/generateTenant.js";
import { type Simulator, startSimulator } from "../../dev/sim/server.js";
import { simulatorGateway } from "../../dev/sim/simulatorGateway.js";
import { type AzuriteHandle, startAzurite } from "../../dev/storage/startAzurite.js";
import { scanGraphFromGateway } from "../../shared/composition/scanGraphFromGateway.js";
import { schedulingDomain } from "../../shared/composition/schedulingDomain.js";
import { schedulingGraphFromGateway } from "../../shared/composition/schedulingGraphFromGateway.js";
import { defaultCadencePolicy } from "../../shared/domain/cadencePolicy.js";
import type { SeriesProposal } from "../../shared/domain/seriesProposal.js";
import { toIanaZone } from "../../shared/domain/timeZone.js";
import { readMailboxSettings } from "../../shared/graph/readMailboxSettings.js";
import { readSchedules } from "../../shared/graph/readSchedules.js";
import type { GraphGateway } from "../../shared/graph/types.js";
import { MemoryScanStore } from "../../shared/store/memoryScanStore.js";
import { ProposalStore } from "../../shared/store/proposalStore.js";
import { answerProposal } from "../../shared/usecases/answerProposal.js";
import { planSeries } from "../../shared/usecases/planSeries.js";
import type { ProposalStorePort } from "../../shared/usecases/ports/proposalStore.js";
import type { PairRecord } from "../../shared/usecases/ports/scanRecords.js";
import type { SchedulingPorts } from "../../shared/usecases/ports/schedulingPorts.js";
import { runScanInProcess } from "../../shared/usecases/runScanInProcess.js";

const tenant = generateTenant({ users: 160, seed: 31 });
const NOW = new Date(tenant.fixture.now);
const ADMIN = { kind: "admin", name: "test" } as const;

let azurite: AzuriteHandle;
let sim: Simulator;
let gateway: GraphGateway;
let proposals: ProposalStore;

beforeAll(async () => {
  azurite = await startAzurite();
  sim = await startSimulator({ fixture: tenant.fixture, port: 0 });
  gateway = simulatorGateway(sim, { baseDelayMs: 1, random: () => 0.5, sleep: async () => {} });
  proposals = await ProposalStore.open(azurite.connectionString, "schedulingit");
}, 120_000);

afterAll(async () => {
  await sim?.close();
  await azurite?.stop();
});

function ports(store: ProposalStorePort = proposals): SchedulingPorts {
  return {
    graph: schedulingGraphFromGateway(gateway),
    store,
    clock: { now: () => NOW },
    policy: defaultCadencePolicy,
    ...schedulingDomain,
    settings: { mode: "propose", minNoticeHours: 24, proposalTtlDays: 14, excludedUsers: [] },
  };
}

async function scan(): Promise<{ pairs: PairRecord[]; scannedAt: Date }> {
  const store = new MemoryScanStore();
  const run = await runScanInProcess({
    graph: scanGraphFromGateway(gateway),
    store,
    clock: { now: () => NOW },
    policy: defaultCadencePolicy,
    runSuffix: () => "it",
  });
  return { pairs: await store.listPairs(run.runId), scannedAt: new Date(run.now) };
}

const eventPosts = () =>
  sim.requests().filter((r) => r.kind === "graph" && r.method === "POST" && /\/events$/.test(r.url));

/** The series Cadence created in the manager's calendar with the report (masters carrying a transactionId). */
async function cadenceSeries(p: SeriesProposal): Promise<Event[]> {
  const page = await gateway.get<{ value: Event[] }>(
    `/users/${encodeURIComponent(p.managerUpn)}/events?$select=id,type,transactionId,attendees&$top=1000`,
  );
  return page.value.filter(
    (e) =>
      e.type === "seriesMaster" &&
      e.transactionId &&
      e.attendees?.some((a) => a.emailAddress?.address?.toLowerCase() === p.reportUpn.toLowerCase()),
  );
}

const needing = (pairs: readonly PairRecord[]) =>
  pairs.filter((p) => p.status === "missing" || p.status === "lapsed");

let first: { pairs: PairRecord[]; scannedAt: Date };

describe("scheduling against the simulator (HTTPS, msal-node, Graph client, Azurite)", () => {
  it("proposes exactly once per missing or lapsed pair, and books nothing in propose mode", async () => {
    first = await scan();
    const needed = needing(first.pairs);
    expect(needed.length).toBeGreaterThan(10);
    sim.clearRequests();
    const plan = await planSeries(ports(), first);
    expect(eventPosts()).toHaveLength(0);
    const byPair = new Map(plan.entries.map((e) => [`${e.managerId}/${e.reportId}`, e]));
    for (const p of first.pairs) {
      const e = byPair.get(`${p.managerId}/${p.reportId}`)!;
      if (p.status === "missing" || p.status === "lapsed")
        expect(["proposed", "noSlot"]).toContain(e.outcome);
      else expect(["notNeeded", "skipped"]).toContain(e.outcome);
    }
    const stored = await proposals.list();
    const proposed = plan.entries.filter((e) => e.outcome === "proposed");
    expect(proposed.length).toBeGreaterThan(needed.length / 2);
    expect(stored).toHaveLength(proposed.length);
    expect(new Set(stored.map((s) => `${s.managerId}/${s.reportId}`)).size).toBe(stored.length);
    expect(stored.every((s) => s.state === "proposed" && s.slots.length >= 1 && s.slots.length <= 3)).toBe(
      true,
    );
    // Every pair without a proposal says why in words.
    for (const e of plan.entries.filter((x) => x.outcome === "noSlot")) expect(e.reason).toMatch(/\d\d:\d\d/);
  }, 300_000);

  it("proposes only slots inside both people's working hours, free in both calendars, on all three occurrences", async () => {
    const stored = await proposals.list();
    const people = [...new Set(stored.flatMap((s) => [s.managerUpn, s.reportUpn]))];
    const settings = await readMailboxSettings(gateway, people);
    const window = { start: NOW, end: new Date(NOW.getTime() + 50 * 86_400_000) };
    const byManager = new Map<string, Set<string>>();
    for (const s of stored)
      byManager.set(s.managerUpn, (byManager.get(s.managerUpn) ?? new Set([s.managerUpn])).add(s.reportUpn));
    const schedules = new Map<string, ScheduleInformation>();
    const queries = [...byManager].map(([organizer, set]) => ({ organizer, schedules: [...set] }));
    for (let i = 0; i < queries.length; i += 20) {
      const read = await readSchedules(gateway, queries.slice(i, i + 20), window);
      for (const [, r] of read) {
        if (!r.ok) throw r.error;
        for (const s of r.value) schedules.set(s.scheduleId!.toLowerCase(), s);
      }
    }
    const problems: string[] = [];
    for (const s of stored) {
      for (const [rank, slot] of s.slots.entries()) {
        expect(slot.occurrences).toHaveLength(3);
        for (const o of slot.occurrences) {
          const start = new Date(o.start);
          const end = new Date(o.end);
          expect(end.getTime() - start.getTime()).toBe(30 * 60_000);
          for (const upn of [s.managerUpn, s.reportUpn]) {
            const mailbox = settings.get(upn);
            if (!mailbox?.ok) throw new Error(`no mailbox settings for ${upn}`);
            const why = ruleBroken(mailbox.value, schedules.get(upn.toLowerCase())!, start, end);
            if (why) problems.push(`${s.managerUpn}/${s.reportUpn} slot ${rank} ${o.start}: ${upn} ${why}`);
          }
        }
      }
      const firstStart = Date.parse(s.slots[0]!.start);
      expect(firstStart).toBeGreaterThanOrEqual(NOW.getTime() + 24 * 3_600_000);
      expect(firstStart).toBeLessThan(NOW.getTime() + 14 * 86_400_000);
      // The occurrences are the same wall-clock time in the manager's zone, 14 and 28 days on (DST or not).
      for (const slot of s.slots) {
        const local = slot.occurrences.map((o) => DateTime.fromISO(o.start, { zone: slot.managerTimeZone }));
        expect(local.map((d) => d.toFormat("ccc HH:mm"))).toEqual(
          Array(3).fill(local[0]!.toFormat("ccc HH:mm")),
        );
        expect(local.map((d) => d.startOf("day").diff(local[0]!.startOf("day"), "days").days)).toEqual([
          0, 14, 28,
        ]);
      }
    }
    expect(problems).toEqual([]);
    // A manager's open proposals never share an occurrence, on any of their slots.
    for (const [manager] of byManager) {
      const starts = stored
        .filter((s) => s.managerUpn === manager)
        .flatMap((s) => s.slots.flatMap((slot) => slot.occurrences.map((o) => o.start)));
      expect(new Set(starts).size).toBe(starts.length);
    }
  }, 300_000);

  it("accepting books exactly one series, organized by the manager, as a bi-weekly Teams meeting", async () => {
    const [target] = (await proposals.list()).filter((s) => s.state === "proposed");
    sim.clearRequests();
    const answer = await answerProposal(ports(), target!.proposalId, { action: "accept" }, ADMIN);
    expect(answer.outcome).toBe("created");
    expect(eventPosts()).toHaveLength(1);
    const body = eventPosts()[0]!.requestBody as Event & { transactionId: string };
    expect(body).toMatchObject({
      isOnlineMeeting: true,
      onlineMeetingProvider: "teamsForBusiness",
      recurrence: { pattern: { type: "weekly", interval: 2 } },
    });
    expect(body.transactionId).toBe(answer.proposal.transactionId);
    const series = await cadenceSeries(target!);
    expect(series.map((e) => e.id)).toEqual([answer.proposal.seriesId]);
    // Accepting again (a double click) reports the same series and posts nothing.
    const again = await answerProposal(ports(), target!.proposalId, { action: "accept" }, ADMIN);
    expect(again.proposal.seriesId).toBe(answer.proposal.seriesId);
    expect(eventPosts()).toHaveLength(1);
  }, 120_000);

  for (const lost of ["status504", "reset"] as const) {
    it(`a POST whose answer is lost (${lost}) after Graph created the event is retried into one series`, async () => {
      const target = (await proposals.list()).find((s) => s.state === "proposed")!;
      sim.clearRequests();
      let fault = true;
      sim.hooks.afterHandler = (req) => {
        if (req.method !== "POST" || !/\/events$/.test(req.path) || !fault) return undefined;
        fault = false;
        return lost;
      };
      try {
        const answer = await answerProposal(ports(), target.proposalId, { action: "accept" }, ADMIN);
        expect(answer.outcome).toBe("created");
        expect(eventPosts().map((r) => r.status)).toEqual([lost === "reset" ? 0 : 504, 201]);
        expect((await cadenceSeries(target)).map((e) => e.id)).toEqual([answer.proposal.seriesId]);
      } finally {
        sim.hooks.afterHandler = undefined;
      }
    }, 120_000);
  }

  it("a process that dies right after the POST resumes into the same series, without a second POST", async () => {
    const target = (await proposals.list()).find((s) => s.state === "proposed")!;
    sim.clearRequests();
    // The store write that records the created series is the first thing after the POST returns: it dies there.
    const dying: ProposalStorePort = {
      get: (m, r) => proposals.get(m, r),
      list: (f) => proposals.list(f),
      save: async (p, etag) => {
        if (p.state === "created") throw new Error("process killed");
        return proposals.save(p, etag);
      },
    };
    await expect(
      answerProposal(ports(dying), target.proposalId, { action: "accept" }, ADMIN),
    ).rejects.toThrow("process killed");
    expect(eventPosts()).toHaveLength(1);
    const left = await proposals.get(target.managerId, target.reportId);
    expect(left?.proposal.state).toBe("creating");

    const resumed = await answerProposal(ports(), target.proposalId, { action: "accept" }, ADMIN);
    expect(resumed.outcome).toBe("created");
    expect(eventPosts()).toHaveLength(1);
    expect((await cadenceSeries(target)).map((e) => e.id)).toEqual([resumed.proposal.seriesId]);
  }, 120_000);

  it("a second plan creates nothing; a scan afterwards finds the booked pairs scheduled", async () => {
    const created = (await proposals.list()).filter((s) => s.state === "created");
    expect(created).toHaveLength(4);
    const before = (await proposals.list()).length;
    sim.clearRequests();
    const again = await planSeries(ports(), first);
    expect(eventPosts()).toHaveLength(0);
    expect((await proposals.list()).length).toBe(before);
    expect(again.entries.filter((e) => e.outcome === "created")).toHaveLength(4);

    const later = await scan();
    const byPair = new Map(later.pairs.map((p) => [`${p.managerId}/${p.reportId}`, p]));
    for (const c of created) {
      expect(byPair.get(`${c.managerId}/${c.reportId}`)?.status, c.reportUpn).toBe("scheduled");
    }
    // Planning from that scan books nothing either and leaves the created proposals as they are.
    const third = await planSeries(ports(), later);
    expect(eventPosts()).toHaveLength(0);
    const done = third.entries.filter((e) =>
      created.some((c) => c.reportId === e.reportId && c.managerId === e.managerId),
    );
    expect(done.every((e) => e.outcome === "notNeeded" && e.state === "created")).toBe(true);
  }, 300_000);
});

const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/** Why [start, end) breaks a DESIGN.md rule for this person, or null: outside working hours, or not free. */
function ruleBroken(
  mailbox: MailboxSettings,
  schedule: ScheduleInformation,
  start: Date,
  end: Date,
): string | null {
  const hours = mailbox.workingHours;
  const zone = toIanaZone(hours?.timeZone?.name ?? mailbox.timeZone ?? "UTC");
  const from = DateTime.fromJSDate(start, { zone });
  const to = DateTime.fromJSDate(end, { zone });
  const day = WEEKDAYS[from.weekday - 1]!;
  const days = (hours?.daysOfWeek ?? []).map(String);
  if (!days.includes(day)) return `works no ${day} (${zone})`;
  const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  const open = minutes(hours?.startTime ?? "00:00");
  const close = minutes(hours?.endTime ?? "24:00");
  const a = from.hour * 60 + from.minute;
  const b = a + (to.toMillis() - from.toMillis()) / 60_000;
  if (a < open || b > close)
    return `${from.toFormat("HH:mm")} is outside ${hours?.startTime}–${hours?.endTime} ${zone}`;
  for (const item of schedule.scheduleItems ?? []) {
    if (!["busy", "tentative", "oof"].includes(item.status ?? "")) continue;
    const s = DateTime.fromISO(item.start!.dateTime!, { zone: toIanaZone(item.start!.timeZone ?? "UTC") });
    const e = DateTime.fromISO(item.end!.dateTime!, { zone: toIanaZone(item.end!.timeZone ?? "UTC") });
    if (s.toMillis() < end.getTime() && e.toMillis() > start.getTime())
      return `is ${item.status} from ${item.start!.dateTime}`;
  }
  return null;
}
