import { describe, expect, it } from "vitest";
import { buildReportModel, NO_DEPARTMENT } from "../../../../shared/domain/report/buildReportModel.js";
import { reportFiltersSchema } from "../../../../shared/domain/report/reportModel.js";
import { countsOf, pair, run } from "../../report/reportRecords.js";

const NOW = new Date("2026-11-25T12:00:00Z");
const LATEST_AT = "2026-11-25T09:00:00.000Z";
const PREVIOUS_AT = "2026-11-18T09:00:00.000Z";

const latestPairs = [
  pair("r2", LATEST_AT, { manager: "ada", report: "bob", status: "healthy", heldDaysAgo: 3 }),
  pair("r2", LATEST_AT, { manager: "ada", report: "cy", status: "lapsed", heldDaysAgo: 45 }),
  pair("r2", LATEST_AT, { manager: "ada", report: "dee", status: "missing", heldDaysAgo: null }),
  pair("r2", LATEST_AT, { manager: "ada", report: "eve", status: "excluded", heldDaysAgo: null }),
  pair("r2", LATEST_AT, { manager: "ada", report: "fay", status: "belowTarget", heldDaysAgo: 20 }),
  pair("r2", LATEST_AT, {
    manager: "gus",
    report: "hal",
    status: "healthy",
    heldDaysAgo: 5,
    department: "Ops",
  }),
  pair("r2", LATEST_AT, {
    manager: "gus",
    report: "ivy",
    status: "scheduled",
    heldDaysAgo: null,
    department: "Ops",
  }),
  pair("r2", LATEST_AT, {
    manager: "gus",
    report: "jo",
    status: "lapsed",
    heldDaysAgo: 60,
    department: null,
  }),
];
const previousPairs = [
  pair("r1", PREVIOUS_AT, { manager: "ada", report: "bob", status: "healthy", heldDaysAgo: 3 }),
  pair("r1", PREVIOUS_AT, { manager: "ada", report: "cy", status: "healthy", heldDaysAgo: 10 }),
  pair("r1", PREVIOUS_AT, { manager: "ada", report: "dee", status: "missing", heldDaysAgo: null }),
  pair("r1", PREVIOUS_AT, { manager: "ada", report: "eve", status: "excluded", heldDaysAgo: null }),
];
const latest = { run: run("r2", LATEST_AT, countsOf(latestPairs)), pairs: latestPairs };
const previous = { run: run("r1", PREVIOUS_AT, countsOf(previousPairs)), pairs: previousPairs };
const older = run("r0", "2026-11-11T09:00:00.000Z", { healthy: 1, missing: 3, excluded: 2 });

const build = (overrides: Partial<Parameters<typeof buildReportModel>[0]> = {}) =>
  buildReportModel({
    latest,
    previous,
    history: [latest.run, older, previous.run],
    now: NOW,
    minGroupSize: 2,
    ...overrides,
  });

describe("buildReportModel", () => {
  it("counts pairs per status and leaves excluded pairs out of the health denominator", () => {
    const model = build();
    expect(model.totals).toEqual({
      healthy: 2,
      belowTarget: 1,
      scheduled: 1,
      lapsed: 2,
      missing: 1,
      excluded: 1,
      pairs: 8,
    });
    expect(model.health).toEqual({ healthy: 2, counted: 7, excluded: 1, percent: 28.6 });
    // The scan reads no mailbox time zone: the report must not let "last held 2026-11-18" pass for a local date.
    expect(model.notes.join(" ")).toMatch(/reasons are UTC days/);
    expect(model.notes.join(" ")).toMatch(/excluded pairs .* not in the denominator/);
    expect(model.generatedAt).toBe(NOW.toISOString());
  });

  it("summarises each manager: directs, statuses, longest gap, pairs with none held, change since the previous scan", () => {
    const [ada, gus] = build().managers;
    expect(ada).toMatchObject({
      name: "ada",
      managerUpn: "ada@contoso.com",
      directs: 5,
      counts: { healthy: 1, lapsed: 1, missing: 1, excluded: 1, belowTarget: 1, scheduled: 0 },
      longestGapDays: 45,
      noneHeld: 1,
      departments: ["Sales"],
      // previously 2 of 3 healthy (66.7%), now 1 of 4 (25%); needing action went from 1 to 3
      change: { healthPoints: -41.7, needsAction: 2 },
    });
    expect(gus).toMatchObject({
      directs: 3,
      longestGapDays: 60,
      noneHeld: 1,
      departments: [NO_DEPARTMENT, "Ops"],
      change: null,
    });
  });

  it("hides departments smaller than the minimum group size and says how many pairs they hold", () => {
    const model = build({ minGroupSize: 3 });
    expect(model.departments.map((d) => d.name)).toEqual(["Sales"]);
    expect(model.hiddenDepartments).toEqual({ departments: 2, pairs: 3 });
    expect(model.departmentNames).toEqual([NO_DEPARTMENT, "Ops", "Sales"]);
    expect(build({ minGroupSize: 1 }).departments.map((d) => d.name)).toEqual([
      NO_DEPARTMENT,
      "Ops",
      "Sales",
    ]);
  });

  it("lists the pairs needing action longest gap first, those with none held at all before any number", () => {
    const order = build().needsAction.map((p) => [p.reportName, p.status, p.gapDays]);
    expect(order).toEqual([
      ["dee", "missing", null],
      ["jo", "lapsed", 60],
      ["cy", "lapsed", 45],
      ["fay", "belowTarget", 20],
    ]);
  });

  it("gives the organisation's health per complete scan, oldest first, from the runs' totals", () => {
    const model = build();
    expect(model.trend.map((t) => [t.runId, t.health.percent])).toEqual([
      ["r0", 25],
      ["r1", 66.7],
      ["r2", 28.6],
    ]);
    expect(model.healthChange).toBe(-38.1);
    expect(build({ previous: undefined, history: [latest.run] }).healthChange).toBeNull();
  });

  it("filters by department and by manager id, address or name, case-insensitively", () => {
    const ops = build({ filters: { department: "ops" } });
    expect(ops.pairs.map((p) => p.reportName)).toEqual(["hal", "ivy"]);
    expect(ops.filters).toEqual({ department: "ops", manager: null });
    expect(build({ filters: { department: NO_DEPARTMENT } }).pairs.map((p) => p.reportName)).toEqual(["jo"]);
    for (const manager of ["GUS@contoso.com", "id-gus", "Gus"]) {
      expect(build({ filters: { manager } }).managers.map((m) => m.name)).toEqual(["gus"]);
    }
    // The manager's change is measured against the previous scan under the same filter.
    expect(build({ filters: { manager: "ada" } }).healthChange).toBe(-41.7);
  });

  it("falls back to the address when the directory had no display name", () => {
    const nameless = pair("r2", LATEST_AT, {
      manager: "kim",
      report: "lee",
      status: "missing",
      managerName: null,
      reportName: null,
    });
    const model = build({ latest: { run: latest.run, pairs: [nameless] } });
    expect(model.pairs[0]).toMatchObject({ managerName: "kim@contoso.com", reportName: "lee@contoso.com" });
  });

  it("answers null health when every pair is excluded", () => {
    const excluded = [pair("r2", LATEST_AT, { manager: "a", report: "b", status: "excluded" })];
    expect(build({ latest: { run: latest.run, pairs: excluded } }).health.percent).toBeNull();
  });
});

describe("reportFiltersSchema", () => {
  it("treats empty filters as absent and trims them", () => {
    expect(reportFiltersSchema.parse({ department: "  ", manager: " Ada " })).toEqual({
      department: undefined,
      manager: "Ada",
    });
  });
  it("rejects overlong values and non-strings", () => {
    expect(reportFiltersSchema.safeParse({ department: "x".repeat(300) }).success).toBe(false);
    expect(reportFiltersSchema.safeParse({ manager: 3 }).success).toBe(false);
  });
});
