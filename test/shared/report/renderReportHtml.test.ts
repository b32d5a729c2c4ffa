import { describe, expect, it } from "vitest";
import { buildReportModel } from "../../../shared/domain/report/buildReportModel.js";
import {
  HTML_ACTION_ROWS,
  renderNoScanHtml,
  renderReportHtml,
} from "../../../shared/report/renderReportHtml.js";
import { REPORT_CONTENT_SECURITY_POLICY } from "../../../shared/report/reportPage.js";
import { countsOf, pair, run } from "./reportRecords.js";

const AT = "2026-11-25T09:00:00.000Z";
const EVIL = `<img src=x onerror="alert(1)">&'"`;

function model(count = 2, name = EVIL) {
  const pairs = Array.from({ length: count }, (_, i) =>
    pair("r1", AT, {
      manager: `m${i % 3}`,
      report: `r${i}`,
      status: "missing",
      managerName: name,
      reportName: `${name} ${i}`,
      department: name,
    }),
  );
  return buildReportModel({
    latest: { run: run("r1", AT, countsOf(pairs)), pairs },
    history: [run("r1", AT, countsOf(pairs))],
    now: new Date(AT),
    minGroupSize: 1,
    filters: {},
  });
}

describe("renderReportHtml", () => {
  it("names the shards the scan went without, and says their pairs are missing", () => {
    const pairs = [pair("r1", AT, { manager: "m", report: "r", status: "missing" })];
    const skippedRun = {
      ...run("r1", AT, countsOf(pairs)),
      skipped: [{ shardIndex: 2, pairs: 12, managers: 4, reason: `failed every delivery ${EVIL}` }],
    };
    const built = buildReportModel({
      latest: { run: skippedRun, pairs },
      history: [skippedRun],
      now: new Date(AT),
      minGroupSize: 1,
      filters: {},
    });
    expect(built.scan.skipped).toEqual([`shard 3 (12 pairs): failed every delivery ${EVIL}`]);
    const html = renderReportHtml(built);
    expect(html).toContain(
      "skipped</strong> (their pairs are missing): shard 3 (12 pairs): failed every delivery",
    );
    expect(html).not.toContain("<img");
    expect(renderReportHtml(model())).not.toContain("skipped</strong>");
  });

  it("escapes every name, department and filter: hostile text stays text", () => {
    const html = renderReportHtml(model(), { csv: `?format=csv&x="><script>` });
    expect(html).not.toContain("<img");
    expect(html).not.toContain('"><script>');
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;&quot;");
    // One script element: the page's own.
    expect(html.match(/<script/g)).toHaveLength(1);
  });

  it("is self-contained: nothing is loaded from elsewhere", () => {
    const html = renderReportHtml(model());
    expect(html).not.toMatch(/<link|src=["']?https?:|@import|url\(/);
    expect(REPORT_CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(REPORT_CONTENT_SECURITY_POLICY).not.toContain("unsafe-inline");
  });

  it(`lists at most ${HTML_ACTION_ROWS} pairs needing action and points to the CSV for the rest`, () => {
    const big = model(HTML_ACTION_ROWS + 7, "Ada");
    const html = renderReportHtml(big);
    const actions = html.slice(
      html.indexOf('<table id="actions"'),
      html.indexOf('<section aria-labelledby="h-departments"'),
    );
    expect(actions.match(/<tr data-departments=/g)).toHaveLength(HTML_ACTION_ROWS);
    expect(html).toContain(`the CSV has all ${HTML_ACTION_ROWS + 7}`);
  });
});

describe("renderNoScanHtml", () => {
  it("says a scan is needed and how to start one", () => {
    const html = renderNoScanHtml();
    expect(html).toContain("<h1>No scan yet</h1>");
    expect(html).toContain("POST /api/scans");
  });
});
