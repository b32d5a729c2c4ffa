import { describe, expect, it } from "vitest";
import type { BaselineMeasurement } from "../../../bench/scanBench/baselineRun.js";
import { BenchUsageError, parseBenchScanArgs } from "../../../bench/scanBench/benchScanArgs.js";
import type { CadenceMeasurement } from "../../../bench/scanBench/cadenceRun.js";
import { lowerBound, managersToRead } from "../../../bench/scanBench/lowerBound.js";
import { loopTotals, ratios } from "../../../bench/scanBench/scanBenchResult.js";
import { countDifferences } from "../../../bench/scanBench/scanBenchTable.js";
import { seededSample } from "../../../bench/scanBench/seededSample.js";

const user = (id: string, managerId: string | null, mail: string | null = `${id}@contoso.test`) => ({
  id,
  userPrincipalName: `${id}@contoso.test`,
  mail,
  accountEnabled: true,
  managerId,
});

describe("bench/scan arguments", () => {
  it("defaults to 1,000 and 10,000 users with a 300-user baseline sample; --huge adds 100,000", () => {
    expect(parseBenchScanArgs([])).toMatchObject({
      users: [1000, 10000],
      seed: 1,
      baselineSample: 300,
      skipBaseline: false,
    });
    expect(parseBenchScanArgs(["--huge", "--users", "500"]).users).toEqual([500, 100000]);
  });

  it("keeps the previous baseline with --skip-baseline", () => {
    expect(parseBenchScanArgs(["--skip-baseline"]).skipBaseline).toBe(true);
  });

  it("rejects unknown flags and sizes outside the generator's range as usage errors", () => {
    expect(() => parseBenchScanArgs(["--user", "10"])).toThrow(BenchUsageError);
    expect(() => parseBenchScanArgs(["--users", "5"])).toThrow(BenchUsageError);
    expect(() => parseBenchScanArgs(["--baseline-sample", "0"])).toThrow(BenchUsageError);
  });
});

describe("lower bound", () => {
  it("is ceil(N/999) directory pages plus ceil(managers/20) calendar batches", () => {
    expect(lowerBound(10_000, 1_401)).toEqual({ directoryPages: 100, calendarBatches: 71, total: 171 });
    expect(lowerBound(999, 20)).toEqual({ directoryPages: 10, calendarBatches: 1, total: 11 });
    expect(lowerBound(100, 20)).toEqual({ directoryPages: 1, calendarBatches: 1, total: 2 });
  });

  it("counts only managers with a pair the directory does not exclude (both sides need a mailbox)", () => {
    const users = [
      user("ceo", null),
      user("a", "ceo"),
      user("b", "a", null), // a's only report has no mailbox: a's calendar need not be read
      user("nomail", "ceo", null),
      user("c", "nomail"), // nomail manages c, but has no mailbox to read
    ];
    expect([...managersToRead(users)]).toEqual(["ceo"]);
  });
});

describe("per-user loop totals", () => {
  const measured = (users: number, sampled: boolean): BaselineMeasurement => ({
    directory: { requests: 100, bytesReceived: 1_000, wallMs: 8_000, users: 10_000 },
    calendars: {
      requests: 1_500,
      bytesReceived: 30_000,
      wallMs: 150_000,
      users,
      sampled,
      events: 0,
      failedUsers: 0,
    },
    throttled: 0,
    retries: 0,
    cpuMs: 0,
    peakRssMiB: 0,
  });

  it("scales the sampled calendar reads to every listed user and keeps the directory as measured", () => {
    expect(loopTotals(measured(300, true))).toEqual({
      basis: "extrapolated",
      sampleUsers: 300,
      requests: 100 + 50_000,
      bytesReceived: 1_000 + 1_000_000,
      wallMs: 8_000 + 5_000_000,
    });
  });

  it("reports a run over every user as measured", () => {
    expect(loopTotals(measured(10_000, false))).toMatchObject({ basis: "measured", requests: 1_600 });
  });

  it("holds Cadence's inner Graph requests (the stricter count) to the 20x target", () => {
    const cadence = {
      wallMs: 10_000,
      stats: { requests: 2_000, httpRequests: 171, bytesReceived: 500 },
    } as CadenceMeasurement;
    const loop = {
      basis: "measured" as const,
      sampleUsers: 1,
      requests: 30_000,
      bytesReceived: 5_000,
      wallMs: 190_000,
    };
    const out = ratios(cadence, loop, lowerBound(10_000, 1_401));
    expect(out.ratios).toMatchObject({
      cadenceHttpVsLowerBound: 1,
      loopVsCadenceGraphRequests: 15,
      loopVsCadenceWall: 19,
      loopVsCadenceBytes: 10,
    });
    expect(out.targetsMet).toEqual({
      cadenceVsLowerBound: true,
      loopVsCadenceRequests: false,
      loopVsCadenceWall: false,
    });
  });
});

describe("seeded sample", () => {
  const ids = Array.from({ length: 1_000 }, (_, i) => `u${i}`);

  it("is the same for the same seed, distinct, in the original order, and differs by seed", () => {
    const a = seededSample(ids, 300, 7);
    expect(seededSample(ids, 300, 7)).toEqual(a);
    expect(new Set(a).size).toBe(300);
    expect([...a].sort((x, y) => ids.indexOf(x) - ids.indexOf(y))).toEqual(a);
    expect(seededSample(ids, 300, 8)).not.toEqual(a);
  });

  it("takes everyone when the sample is not smaller than the list", () => {
    expect(seededSample(ids.slice(0, 5), 10, 1)).toEqual(ids.slice(0, 5));
  });
});

describe("status counts against the planted truth", () => {
  it("names each status whose count differs, with its sign, or says they are identical", () => {
    expect(countDifferences({ lapsed: 118, missing: 167 }, { lapsed: 105, missing: 180 })).toBe(
      "lapsed −13, missing +13",
    );
    expect(countDifferences({ healthy: 2 }, { healthy: 2 })).toBe("identical");
    expect(countDifferences({}, { excluded: 1 })).toBe("excluded +1");
  });
});
