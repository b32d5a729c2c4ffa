import { describe, expect, it } from "vitest";
import {
  amortisedRenewal,
  comparePairs,
  type IncrementalRunOutput,
  managersToTouch,
  type RenewalDay,
  summariseIncremental,
  type Traffic,
  trafficBetween,
} from "../../../bench/scanBench/incrementalRescan.js";
import type { PairRecord } from "../../../shared/usecases/ports/scanRecords.js";

const traffic = (httpRequests: number, requests: number, bytes = 0): Traffic => ({
  requests,
  httpRequests,
  batches: 0,
  retries: 0,
  throttled: 0,
  bytesSent: 0,
  bytesReceived: bytes,
});

const pair = (managerId: string, reportId: string, over: Partial<PairRecord> = {}): PairRecord => ({
  runId: "run-a",
  managerId,
  managerUpn: `${managerId}@contoso.test`,
  reportId,
  reportUpn: `${reportId}@contoso.test`,
  status: "healthy",
  lastHeld: "2026-11-20T09:00:00.000Z",
  nextScheduled: "2026-12-04T09:00:00.000Z",
  cadenceDays: 14,
  seriesId: "s1",
  reason: "last held 2026-11-20",
  managerName: null,
  reportName: null,
  department: null,
  ...over,
});

describe("traffic between two gateway snapshots", () => {
  it("is the difference of every counter but the token requests", () => {
    const before = { ...traffic(10, 100, 1_000), bytesSent: 50, tokenRequests: 1 };
    const after = { ...traffic(12, 103, 1_500), bytesSent: 80, retries: 1, tokenRequests: 2 };
    expect(trafficBetween(before, after)).toEqual({ ...traffic(2, 3, 500), bytesSent: 30, retries: 1 });
  });
});

describe("managers to touch", () => {
  const managers = Array.from({ length: 1_614 }, (_, i) => `m${String(i).padStart(4, "0")}`);

  it("takes 1% of the tracked managers, rounded up, the same ones for the same seed whatever the order", () => {
    const chosen = managersToTouch(managers, 1);
    expect(chosen).toHaveLength(17);
    expect(new Set(chosen).size).toBe(17);
    expect(managersToTouch([...managers].reverse(), 1)).toEqual(chosen);
    expect(managersToTouch(managers, 2)).not.toEqual(chosen);
  });

  it("touches at least one manager of a small tenant, and none of an empty one", () => {
    expect(managersToTouch(["a", "b", "c"], 1)).toHaveLength(1);
    expect(managersToTouch([], 1)).toEqual([]);
  });
});

describe("pair comparison", () => {
  it("ignores run ids and key order, and counts differing, missing and extra pairs", () => {
    const reference = [pair("m", "a"), pair("m", "b"), pair("m", "c")];
    const { runId: _, ...rest } = pair("m", "a");
    const reordered = { runId: "run-b", ...Object.fromEntries(Object.entries(rest).reverse()) } as PairRecord;
    expect(comparePairs(reference, [reordered, pair("m", "b"), pair("m", "c")])).toEqual({
      compared: 3,
      mismatches: 0,
      examples: [],
    });

    const out = comparePairs(reference, [
      reordered,
      pair("m", "b", { status: "lapsed", reason: "last held 2026-09-01" }),
      pair("m", "d"),
    ]);
    expect(out.mismatches).toBe(3);
    expect(out.examples).toEqual([
      "m/b: full healthy (last held 2026-11-20), incremental lapsed",
      "m/c: full healthy (last held 2026-11-20), incremental undefined",
      "m/d: only in the incremental scan",
    ]);
  });
});

describe("amortised subscription renewal", () => {
  const day = (n: number, renewed: number, t: Traffic = traffic(0, 0)): RenewalDay => ({
    day: n,
    renewed,
    created: 0,
    failed: 0,
    traffic: t,
  });

  it("spreads one renewal round over the days between two rounds", () => {
    const days = [1, 2, 3, 4].map((d) => day(d, 0));
    days.push(day(5, 1_614, { ...traffic(81, 1_614, 1_000_000), bytesSent: 250_000 }));
    days.push(...[6, 7, 8, 9].map((d) => day(d, 0)), day(10, 1_614, traffic(81, 1_614)));
    expect(amortisedRenewal(days)).toMatchObject({
      intervalDays: 5,
      renewalDays: [5, 10],
      perDay: { requests: 322.8, httpRequests: 16.2, bytes: 250_000 },
    });
  });

  it("falls back to the days since creation with one round, and says so when nothing was renewed", () => {
    expect(amortisedRenewal([day(4, 10, traffic(1, 10))])).toMatchObject({ intervalDays: 4 });
    expect(amortisedRenewal([day(1, 0)])).toEqual({
      intervalDays: null,
      renewalDays: [],
      roundTraffic: null,
      perDay: null,
    });
  });
});

describe("incremental summary", () => {
  const run = (incrementalHttp: number): IncrementalRunOutput => ({
    now: "2026-11-25T09:00:00.000Z",
    later: "2026-11-26T09:00:00.000Z",
    refreshMarginDays: 28,
    managersTracked: 1_614,
    fullScan: {
      traffic: traffic(93, 1_626),
      wallMs: 10_000,
      mailboxesRead: 1_614,
      pairs: 0,
      counts: {},
      errors: [],
    },
    subscriptions: { created: 1_614, failed: [], traffic: traffic(81, 1_614), wallMs: 5_000 },
    touched: { managers: 17, eventsPerManager: 2, events: 34 },
    notifications: { posts: 20, notifications: 40, mailboxesMarked: 20, waitMs: 1_000 },
    incrementalScan: {
      mode: "incremental",
      fullBecause: null,
      traffic: traffic(incrementalHttp, 21),
      subscriptionTraffic: traffic(0, 0),
      wallMs: 1_000,
      rereads: { dirty: 20 },
      mailboxesRead: 20,
      keptPairs: 9_000,
      pairs: 9_849,
      errors: [],
    },
    referenceScan: { traffic: traffic(92, 1_625), wallMs: 10_000, pairs: 9_849, counts: {} },
    comparison: { compared: 9_849, mismatches: 0, examples: [] },
    renewalDays: [],
  });

  it("holds the incremental scan's HTTP round trips to 10% of the full scan's at the same instant", () => {
    const met = summariseIncremental(run(3));
    expect(met).toMatchObject({
      status: "measured",
      targetMet: true,
      ratios: { httpRequestsVsFull: 0.033, graphRequestsVsFull: 0.013, wallVsFull: 0.1 },
    });
    expect(summariseIncremental(run(10))).toMatchObject({ targetMet: false });
  });
});
