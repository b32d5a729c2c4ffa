// The HTML report in a real browser: Debian's chromium, headless, driven by playwright-core. The page is served
// over loopback HTTP with the same Content-Security-Policy the function sends, so a blocked script would show.
import { existsSync, readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReportModel } from "../../../shared/domain/report/reportModel.js";
import { renderReportHtml } from "../../../shared/report/renderReportHtml.js";
import { REPORT_CONTENT_SECURITY_POLICY } from "../../../shared/report/reportPage.js";
import type { PairRecord } from "../../../shared/usecases/ports/scanRecords.js";
import { scannedReport } from "./scannedReport.js";

const require = createRequire(import.meta.url);
const CHROMIUM = "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

let model: ReportModel;
let pairs: PairRecord[];
let server: Server;
let url: string;
let browser: Browser;
let page: Page;
const problems: string[] = [];
const requested: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`);
  ({ model, pairs } = await scannedReport("users=150,seed=11", 3));
  const html = renderReportHtml(model, { csv: "?format=csv", json: "?format=json" });
  server = createServer((_req, res) => {
    res.writeHead(200, {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": REPORT_CONTENT_SECURITY_POLICY,
    });
    res.end(html);
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/report`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const context = await browser.newContext({ timezoneId: "America/New_York", locale: "en-US" });
  page = await context.newPage();
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("request", (r) => requested.push(r.url()));
  await page.goto(url);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((ok) => server?.close(ok));
});

const visibleManagerRows = () => page.locator("#managers tbody tr:not([hidden])");

describe("the HTML report in headless Chromium", () => {
  it("loads with no console errors and fetches nothing but itself", async () => {
    await page.waitForFunction('document.getElementById("managers-count")?.textContent !== ""');
    expect(problems).toEqual([]);
    expect(requested).toEqual([url]);
  });

  it("shows one row per manager of the tenant", async () => {
    const managers = new Set(pairs.map((p) => p.managerId));
    expect(managers.size).toBeGreaterThan(5);
    expect(await page.locator("#managers tbody tr").count()).toBe(managers.size);
    expect(await visibleManagerRows().count()).toBe(managers.size);
    expect(await page.locator("#managers-count").textContent()).toBe(
      `Showing ${managers.size} of ${managers.size} managers.`,
    );
  });

  it("filters the rows by department", async () => {
    const department = model.departmentNames[0]!;
    const expected = new Set(
      pairs.filter((p) => (p.department ?? "(no department)") === department).map((p) => p.managerId),
    );
    await page.selectOption('select[name="department"]', department);
    expect(await visibleManagerRows().count()).toBe(expected.size);
    expect(expected.size).toBeLessThan(new Set(pairs.map((p) => p.managerId)).size);
    const actions = await page
      .locator("#actions tbody tr:not([hidden])")
      .evaluateAll((rows) =>
        rows.map(
          (r) =>
            JSON.parse(
              (r as unknown as { dataset: Record<string, string> }).dataset.departments ?? "[]",
            ) as string[],
        ),
      );
    expect(actions.every((d) => d.includes(department))).toBe(true);
    await page.click('button[type="reset"]');
    await expect.poll(() => visibleManagerRows().count()).toBe(new Set(pairs.map((p) => p.managerId)).size);
  });

  it("filters by status and by manager name", async () => {
    await page.selectOption('select[name="status"]', "missing");
    const withMissing = model.managers.filter((m) => m.counts.missing > 0).length;
    expect(await visibleManagerRows().count()).toBe(withMissing);
    await page.selectOption('select[name="status"]', "");
    const someone = model.managers[1]!;
    await page.fill('input[name="manager"]', someone.managerUpn.toUpperCase());
    expect(await visibleManagerRows().count()).toBe(1);
    await page.click('button[type="reset"]');
  });

  it("sorts by a header button and says so with aria-sort", async () => {
    const header = page.locator("#managers thead th", { hasText: "Directs" });
    await header.locator("button").click();
    expect(await header.getAttribute("aria-sort")).toBe("ascending");
    expect(
      await page.locator("#managers thead th", { hasText: "Manager" }).getAttribute("aria-sort"),
    ).toBeNull();
    const directs = () =>
      page
        .locator("#managers tbody tr td:nth-child(2)")
        .evaluateAll((cells) => cells.map((c) => Number(c.textContent)));
    const ascending = await directs();
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    await header.locator("button").click();
    expect(await header.getAttribute("aria-sort")).toBe("descending");
    const descending = await directs();
    expect(descending).toEqual([...descending].sort((a, b) => b - a));
  });

  it("shows times in the viewer's time zone, keeping the ISO instant in the datetime attribute", async () => {
    expect(await page.locator("[data-zone]").first().textContent()).toBe("America/New_York");
    const scan = page.locator("header time").first();
    expect(await scan.getAttribute("datetime")).toBe(model.scan.at);
    const expected = new Intl.DateTimeFormat("en-US", {
      dateStyle: "medium",
      timeStyle: "short",
      timeZone: "America/New_York",
    }).format(new Date(model.scan.at));
    expect(await scan.textContent()).toBe(expected);
  });

  it("is built on landmarks, headings, a captioned table with scoped headers, and a described chart", async () => {
    expect(await page.locator("header, main, footer").count()).toBe(3);
    expect(await page.locator("h1").count()).toBe(1);
    expect(await page.locator("h2").allTextContents()).toEqual(
      expect.arrayContaining(["Organisation health", "Managers", "Pairs needing action", "Departments"]),
    );
    expect(await page.locator('#managers thead th[scope="col"]').count()).toBe(11);
    expect(await page.locator('#managers tbody th[scope="row"]').count()).toBe(model.managers.length);
    const chart = page.locator('svg[role="img"]');
    expect(await chart.getAttribute("aria-labelledby")).toBe("trend-title trend-desc");
    expect(await page.locator("#trend-desc").textContent()).toMatch(/% of pairs healthy/);
    // Status is text, not only colour.
    expect(await page.locator("#actions .badge").first().textContent()).toMatch(
      /Missing|Lapsed|Below target/,
    );
  });

  it("passes the axe-core accessibility rules (WCAG 2.1 A/AA, contrast included)", async () => {
    // DevTools evaluation is not subject to the page's CSP, so axe runs without loosening it.
    await page.evaluate(readFileSync(require.resolve("axe-core/axe.min.js"), "utf8"));
    const result = (await page.evaluate(
      'axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })',
    )) as { violations: { id: string; nodes: { target: string[] }[] }[]; passes: { id: string }[] };
    expect(
      result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3)}`),
    ).toEqual([]);
    expect(result.passes.map((p) => p.id)).toContain("color-contrast");
  });

  it("saves a screenshot for people to look at", async () => {
    await mkdir(".cadence", { recursive: true });
    await page.setViewportSize({ width: 1440, height: 1000 });
    await page.evaluate("window.scrollTo(0, 0)");
    await page.screenshot({ path: ".cadence/report-screenshot.png", fullPage: false });
  });
});
