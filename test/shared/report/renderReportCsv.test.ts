import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { buildReportModel } from "../../../shared/domain/report/buildReportModel.js";
import { REPORT_CSV_COLUMNS, renderReportCsv } from "../../../shared/report/renderReportCsv.js";
import { countsOf, pair, run } from "./reportRecords.js";

const AT = "2026-11-25T09:00:00.000Z";
const HOSTILE = [
  "Brown, Renée",
  'Dwayne "The Rock" Johnson',
  "Line\nBreak",
  "Ørjan Ærø-Ångström",
  "李小龍",
  "Zoë 🙂 O'Brien",
  "  padded  ",
];

function modelWith(names: string[]) {
  const pairs = names.map((name, i) =>
    pair("r1", AT, {
      manager: `m${i}`,
      report: `r${i}`,
      status: i % 2 === 0 ? "lapsed" : "healthy",
      heldDaysAgo: i % 3 === 0 ? null : 10 * i,
      managerName: name,
      reportName: `${name} report`,
      department: `Dept, "${i}"\r\n`,
    }),
  );
  return buildReportModel({
    latest: { run: run("r1", AT, countsOf(pairs)), pairs },
    history: [],
    now: new Date(AT),
    minGroupSize: 5,
  });
}

describe("renderReportCsv", () => {
  it("round-trips hostile names through a CSV parser: one row per pair, the documented columns", () => {
    const model = modelWith(HOSTILE);
    const csv = renderReportCsv(model);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    const rows = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...REPORT_CSV_COLUMNS]);
    expect(rows).toHaveLength(HOSTILE.length);
    expect(rows.map((r) => r.manager).sort()).toEqual([...HOSTILE].sort());
    for (const row of rows) {
      const p = model.pairs.find((x) => x.managerName === row.manager)!;
      expect(row).toEqual({
        manager: p.managerName,
        report: p.reportName,
        department: p.department,
        status: p.status,
        lastHeld: p.lastHeld ?? "",
        nextScheduled: p.nextScheduled ?? "",
        gapDays: p.gapDays === null ? "" : String(p.gapDays),
        reason: p.reason,
        proposal: p.proposal ?? "",
      });
    }
  });

  it("ends records with CRLF and quotes only the fields that need it (RFC 4180)", () => {
    const csv = renderReportCsv(modelWith(["Plain Name", "Brown, Renée"]));
    const lines = csv.slice(1).split("\r\n");
    expect(lines[0]).toBe(REPORT_CSV_COLUMNS.join(","));
    expect(csv).toContain('"Brown, Renée"');
    expect(csv).toContain("Plain Name,");
    expect(csv.endsWith("\r\n")).toBe(true);
  });

  it("keeps spreadsheet formulas inert: a name starting with = + - @ gets a leading apostrophe", () => {
    const rows = parse(renderReportCsv(modelWith(['=HYPERLINK("x")', "@SUM(1)", "+1", "-2"])), {
      bom: true,
      columns: true,
    }) as Record<string, string>[];
    expect(rows.map((r) => r.manager).sort()).toEqual(["'+1", "'-2", '\'=HYPERLINK("x")', "'@SUM(1)"]);
  });
});
