// `cadence plan`: its arguments and what it prints. (The end-to-end run against the embedded simulator needs the
// Graph readers/writers and the slot finder from their own branches; see the lead's merge.)
import { describe, expect, it } from "vitest";
import { UsageError } from "../../../cli/command.js";
import { parsePlanArgs } from "../../../cli/commands/plan.js";
import { planToJson, planToTable } from "../../../cli/formatPlan.js";
import { main } from "../../../cli/main.js";
import { defaultCadencePolicy } from "../../../shared/domain/cadencePolicy.js";
import type { PlanEntry, PlanSeriesResult } from "../../../shared/usecases/planSeries.js";

describe("cadence plan arguments", () => {
  it("default to a table of proposals", () => {
    expect(parsePlanArgs([])).toEqual({ format: "table", create: false });
  });

  it("take a source, an instant, json, a notice and --create anywhere", () => {
    expect(
      parsePlanArgs([
        "--create",
        "--generate",
        "users=50,seed=2",
        "--now",
        "2027-03-01T08:00:00Z",
        "--format",
        "json",
        "--min-notice-hours",
        "48",
      ]),
    ).toEqual({
      generate: "users=50,seed=2",
      now: "2027-03-01T08:00:00Z",
      format: "json",
      minNoticeHours: 48,
      create: true,
    });
  });

  it("reject csv, unknown options and a value on --create", () => {
    expect(() => parsePlanArgs(["--format", "csv"])).toThrow(/--format: must be json or table/);
    expect(() => parsePlanArgs(["--book"])).toThrow(UsageError);
    expect(() => parsePlanArgs(["--create=yes"])).toThrow(UsageError);
  });

  it("is listed by cadence --help and explains itself with --help", async () => {
    const chunks: string[] = [];
    const out = { write: (s: string) => chunks.push(s) } as never;
    expect(await main(["--help"], out, out)).toBe(0);
    expect(chunks.join("")).toMatch(/plan\s+propose \(or --create\)/);
    chunks.length = 0;
    expect(await main(["plan", "--help"], out, out)).toBe(0);
    expect(chunks.join("")).toContain("cadence plan [--fixture FILE | --generate users=N,seed=S]");
    chunks.length = 0;
    expect(await main(["plan", "--format", "xml"], out, out)).toBe(2);
  });
});

const slot = (start: string, end: string, managerTimeZone: string, reportTimeZone: string) => ({
  start,
  end,
  weekday: "monday" as const,
  localTime: "15:00",
  occurrences: [{ start, end }],
  managerTimeZone,
  reportTimeZone,
});
const entry = (over: Partial<PlanEntry>): PlanEntry => ({
  managerId: "m",
  managerUpn: "anna@contoso.com",
  reportId: "r",
  reportUpn: "marco@contoso.com",
  status: "missing",
  outcome: "proposed",
  slots: [],
  seriesId: null,
  proposalId: null,
  state: null,
  reason: "x",
  ...over,
});
const plan: PlanSeriesResult = {
  generatedAt: "2027-03-01T08:00:00.000Z",
  mode: "propose",
  entries: [
    entry({
      managerUpn: "zoe@contoso.com",
      outcome: "notNeeded",
      status: "healthy",
      reason: "the scan found the pair healthy",
    }),
    entry({
      slots: [
        slot("2027-03-15T14:00:00.000Z", "2027-03-15T14:30:00.000Z", "Europe/Rome", "America/New_York"),
        slot("2027-03-16T04:30:00.000Z", "2027-03-16T05:00:00.000Z", "Asia/Kolkata", "Asia/Tokyo"),
      ],
      reason: "proposed mondays at 15:00",
    }),
    entry({ reportUpn: "ada@contoso.com", outcome: "created", seriesId: "AAMk=", state: "created" }),
  ],
};

describe("cadence plan output", () => {
  it("prints the issue-9 JSON: one entry per pair, sorted, slots with both local times and offsets", () => {
    const json = planToJson(plan, defaultCadencePolicy, {
      mode: "propose",
      minNoticeHours: 24,
      proposalTtlDays: 14,
    });
    expect(json.generatedAt).toBe("2027-03-01T08:00:00.000Z");
    expect(json.policy).toMatchObject({
      targetDays: 14,
      newSeries: { weeklyInterval: 2 },
      mode: "propose",
      minNoticeHours: 24,
    });
    expect(json.proposals.map((p) => `${p.managerUpn}/${p.reportUpn}`)).toEqual([
      "anna@contoso.com/ada@contoso.com",
      "anna@contoso.com/marco@contoso.com",
      "zoe@contoso.com/marco@contoso.com",
    ]);
    expect(Object.keys(json.proposals[0]!)).toEqual([
      "managerUpn",
      "reportUpn",
      "status",
      "outcome",
      "slots",
      "seriesId",
      "reason",
    ]);
    expect(json.proposals[0]!.seriesId).toBe("AAMk=");
    // 2027-03-15: New York is already on daylight time, Rome not yet (5 hours apart, not 6).
    expect(json.proposals[1]!.slots).toEqual([
      {
        start: "2027-03-15T14:00:00.000Z",
        end: "2027-03-15T14:30:00.000Z",
        managerTimeZone: "Europe/Rome",
        reportTimeZone: "America/New_York",
        managerLocal: "2027-03-15T15:00:00+01:00",
        reportLocal: "2027-03-15T10:00:00-04:00",
      },
      {
        start: "2027-03-16T04:30:00.000Z",
        end: "2027-03-16T05:00:00.000Z",
        managerTimeZone: "Asia/Kolkata",
        reportTimeZone: "Asia/Tokyo",
        managerLocal: "2027-03-16T10:00:00+05:30",
        reportLocal: "2027-03-16T13:30:00+09:00",
      },
    ]);
  });

  it("prints a table for people with the best time in both zones", () => {
    const table = planToTable(plan).split("\n");
    expect(table[0]).toMatch(
      /^MANAGER\s+REPORT\s+STATUS\s+OUTCOME\s+BEST TIME \(MANAGER \/ REPORT\)\s+REASON$/,
    );
    expect(table[2]).toContain("Mon 15 Mar 15:00 Europe/Rome / Mon 10:00 America/New_York");
    expect(table).toHaveLength(5);
  });
});
