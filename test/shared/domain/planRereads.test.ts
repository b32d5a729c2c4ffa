import { describe, expect, it } from "vitest";
import { defaultCadencePolicy } from "../../../shared/domain/cadencePolicy.js";
import type { ManagerReportPair } from "../../../shared/domain/managerReportPair.js";
import { pairAddressKey } from "../../../shared/domain/pairAddressKey.js";
import type { PairBaseline } from "../../../shared/domain/pairBaseline.js";
import { baselineKey, planRereads } from "../../../shared/domain/planRereads.js";

const DAY = 86_400_000;
const now = new Date("2026-11-25T09:00:00Z");
const pair = (m: string, r: string, extra: Partial<ManagerReportPair> = {}): ManagerReportPair => ({
  managerId: m,
  managerUpn: `${m}@contoso.com`,
  managerMail: `${m}@contoso.com`,
  reportId: r,
  reportUpn: `${r}@contoso.com`,
  reportMail: `${r}@contoso.com`,
  exclusion: null,
  ...extra,
});
/** Read `readDaysAgo` days ago over lookback + lookahead + 28 days. */
const baseline = (p: ManagerReportPair, readDaysAgo = 1): PairBaseline => {
  const readAt = now.getTime() - readDaysAgo * DAY;
  return {
    managerId: p.managerId,
    reportId: p.reportId,
    addressKey: pairAddressKey(p),
    windowStart: new Date(readAt - 90 * DAY).toISOString(),
    windowEnd: new Date(readAt + (35 + 28) * DAY).toISOString(),
    readAt: new Date(readAt).toISOString(),
    result: { calendar: { timeZone: "UTC", singles: [], series: [] } },
  };
};
const mapOf = (list: PairBaseline[]) => new Map(list.map((b) => [baselineKey(b.managerId, b.reportId), b]));
const base = { now, policy: defaultCadencePolicy, dirty: new Set<string>() };

describe("planRereads", () => {
  const pairs = [pair("m1", "r1"), pair("m1", "r2"), pair("m2", "r3")];
  const kept = mapOf(pairs.map((p) => baseline(p)));

  it("reads nothing when every manager is watched, clean and within its window", () => {
    const plan = planRereads({ ...base, pairs, baselines: kept, watched: new Set(["m1", "m2"]) });
    expect(plan.reread.size).toBe(0);
    expect(plan.kept.map((k) => k.pair.reportId)).toEqual(["r1", "r2", "r3"]);
    expect(plan.kept.every((k) => k.baseline !== null)).toBe(true);
  });

  it("reads everyone, for `full`, without a watch list", () => {
    const plan = planRereads({ ...base, pairs, baselines: kept, watched: null });
    expect([...plan.reread]).toEqual([
      ["m1", ["full"]],
      ["m2", ["full"]],
    ]);
    expect(plan.kept).toEqual([]);
  });

  it("names each reason: dirty, unwatched, never read, changed pairs, expired window", () => {
    const moved = pair("m2", "r3", { reportMail: "r3.new@contoso.com" });
    const plan = planRereads({
      ...base,
      pairs: [...pairs.slice(0, 2), moved, pair("m3", "r4"), pair("m4", "r5"), pair("m5", "r6")],
      baselines: mapOf([
        ...pairs.map((p) => baseline(p)),
        baseline(pair("m4", "r5"), 29), // read 29 days ago: its 28-day margin no longer covers the lookahead
        baseline(pair("m5", "r6"), 28), // exactly covered still
      ]),
      dirty: new Set(["M1"]), // ids compare case-insensitively
      watched: new Set(["m1", "m3", "m4", "m5"]),
    });
    expect(Object.fromEntries(plan.reread)).toEqual({
      m1: ["dirty"],
      m2: ["unwatched", "pairsChanged"],
      m3: ["neverRead"],
      m4: ["windowExpired"],
    });
    expect(plan.kept.map((k) => k.pair.managerId)).toEqual(["m5"]);
  });

  it("reads a manager again for a new report, with all of that manager's pairs, and not for a report gone", () => {
    const plan = planRereads({
      ...base,
      pairs: [...pairs, pair("m1", "r9")].filter((p) => p.reportId !== "r3").concat(pair("m2", "r8")),
      baselines: mapOf([...pairs.map((p) => baseline(p)), baseline(pair("m2", "r8"))]),
      watched: new Set(["m1", "m2"]),
    });
    expect(Object.fromEntries(plan.reread)).toEqual({ m1: ["pairsChanged"] });
    expect(plan.kept.map((k) => k.pair.reportId)).toEqual(["r8"]);
  });

  it("never reads a manager whose pairs are all excluded; their pairs are kept without a baseline", () => {
    const excluded = pair("m9", "r9", { exclusion: { code: "optedOut", detail: "report r9 opted out" } });
    const plan = planRereads({ ...base, pairs: [excluded], baselines: new Map(), watched: new Set() });
    expect(plan.reread.size).toBe(0);
    expect(plan.kept).toEqual([{ pair: excluded, baseline: null }]);
  });
});
