// GET /api/report through the local Functions host (dev/host) over HTTP, reading scans from its own Azurite so
// other test files' scans cannot become "the latest".
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningHost, startHost } from "../../dev/host/startHost.js";
import { type AzuriteHandle, startAzurite } from "../../dev/storage/startAzurite.js";
import { reportQuerySchema } from "../../functions/cadenceReport.js";
import type { ReportModel } from "../../shared/domain/report/reportModel.js";
import { ScanStore } from "../../shared/store/scanStore.js";
import { countsOf, pair, run } from "../shared/report/reportRecords.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const KEY = "report-test-function-key";
const MASTER = "report-test-master-key";
const ROLE = "Cadence.Admin";
const LATEST_AT = "2026-11-25T09:00:00.000Z";
const PREVIOUS_AT = "2026-11-18T09:00:00.000Z";

let azurite: AzuriteHandle;
let host: RunningHost;

beforeAll(async () => {
  azurite = await startAzurite();
  host = await startHost({
    appDir: repoRoot,
    main: "functions/cadenceReport.ts",
    port: 0,
    log: () => {},
    env: {
      AzureWebJobsStorage: azurite.connectionString,
      GRAPH_TENANT_ID: "contoso.onmicrosoft.com",
      GRAPH_CLIENT_ID: "client",
      GRAPH_CLIENT_SECRET: "secret",
      CADENCE_SCAN_SCHEDULE: "0 0 2 * * *",
      CADENCE_NOW: LATEST_AT,
      CADENCE_REPORT_MIN_GROUP_SIZE: "2",
      CADENCE_HOST_FUNCTION_KEY: KEY,
      CADENCE_HOST_MASTER_KEY: MASTER,
    },
  });
}, 60_000);

afterAll(async () => {
  await host?.close();
  await azurite?.stop();
});

const principal = (roles: string[]) =>
  Buffer.from(
    JSON.stringify({
      auth_typ: "aad",
      name_typ: "name",
      role_typ: "roles",
      claims: [{ typ: "name", val: "Ada Admin" }, ...roles.map((val) => ({ typ: "roles", val }))],
    }),
  ).toString("base64");

const get = (query: string, headers: Record<string, string> = { "x-functions-key": KEY }) =>
  fetch(`${host.url}/api/report${query}`, { headers });

describe("GET /api/report before any scan has completed", () => {
  it("answers 503 with a page saying a scan is needed (HTML), or the typed error (JSON)", async () => {
    const page = await get("");
    expect(page.status).toBe(503);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await page.text()).toContain("No scan yet");
    const json = await get("?format=json");
    expect(json.status).toBe(503);
    expect(await json.json()).toMatchObject({ code: "REPORT.NO_SCAN" });
  });
});

describe("GET /api/report with scans stored", () => {
  const latestPairs = [
    pair("r2", LATEST_AT, { manager: "ada", report: "bob", status: "healthy", heldDaysAgo: 3 }),
    pair("r2", LATEST_AT, {
      manager: "ada",
      report: "cy",
      status: "lapsed",
      heldDaysAgo: 45,
      reportName: 'Brown, "Cy"\nRenée',
    }),
    pair("r2", LATEST_AT, { manager: "gus", report: "dee", status: "missing", department: "Ops" }),
    pair("r2", LATEST_AT, {
      manager: "gus",
      report: "eve",
      status: "healthy",
      heldDaysAgo: 9,
      department: "Ops",
    }),
  ];
  const previousPairs = [pair("r1", PREVIOUS_AT, { manager: "ada", report: "bob", status: "missing" })];

  beforeAll(async () => {
    const store = await ScanStore.open(azurite.connectionString);
    // Run ids sort newest first in the table, as scanTenant makes them.
    await store.saveRun({ ...run("1-r2", LATEST_AT, countsOf(latestPairs)) });
    await store.saveRun({ ...run("2-r1", PREVIOUS_AT, countsOf(previousPairs)) });
    await store.writePairs(latestPairs.map((p) => ({ ...p, runId: "1-r2" })));
    await store.writePairs(previousPairs.map((p) => ({ ...p, runId: "2-r1" })));
  });

  describe("refuses", () => {
    it("a request with neither a key nor a principal: 401", async () => {
      expect((await get("", {})).status).toBe(401);
    });
    it("a wrong function key, with or without an admin principal: 401", async () => {
      expect((await get("", { "x-functions-key": "wrong" })).status).toBe(401);
      expect((await get("?code=wrong", {})).status).toBe(401);
      const admin = { "x-functions-key": "wrong", "x-ms-client-principal": principal([ROLE]) };
      expect((await get("", admin)).status).toBe(401);
    });
    it("a signed-in user without the admin role: 403", async () => {
      const res = await get("", {
        "x-functions-key": KEY,
        "x-ms-client-principal": principal(["Cadence.Reader"]),
      });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ code: "REPORT.FORBIDDEN" });
    });
    it("a principal header that does not decode: 401", async () => {
      const res = await get("", { "x-functions-key": KEY, "x-ms-client-principal": "%%%" });
      expect(res.status).toBe(401);
    });
    it("an unknown format: 400", async () => {
      const res = await get("?format=pdf");
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: "REPORT.BAD_QUERY" });
    });
  });

  it("serves admins (key plus role, or the key alone, also as ?code=) the HTML page under a strict CSP", async () => {
    const res = await get("", { "x-functions-key": KEY, "x-ms-client-principal": principal([ROLE]) });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(res.headers.get("cache-control")).toContain("no-store");
    const html = await res.text();
    expect(html).toContain("<h1>1:1 cadence report</h1>");
    expect(html).toContain("Brown, &quot;Cy&quot;\nRenée");
    expect(html).toContain('href="?format=csv"');
    const viaQuery = await get(`?code=${KEY}&department=Ops`, {});
    expect(viaQuery.status).toBe(200);
    // Its download links keep the filter and the key the page was opened with.
    expect(await viaQuery.text()).toContain(`href="?code=${KEY}&amp;department=Ops&amp;format=csv"`);
  });

  it("answers JSON with the full model, the previous scan compared", async () => {
    const model = (await (await get("?format=json")).json()) as ReportModel;
    expect(model.scan.runId).toBe("1-r2");
    expect(model.previousScan?.runId).toBe("2-r1");
    expect(model.totals).toMatchObject({ healthy: 2, lapsed: 1, missing: 1, pairs: 4 });
    expect(model.trend.map((t) => t.runId)).toEqual(["2-r1", "1-r2"]);
    expect(model.managers.find((m) => m.name === "ada")?.change).toEqual({
      healthPoints: 50,
      needsAction: 0,
    });
    expect(model.generatedAt).toBe(LATEST_AT);
  });

  it("filters by department and manager from the query", async () => {
    const ops = (await (await get("?format=json&department=ops")).json()) as ReportModel;
    expect(ops.pairs.map((p) => p.reportName)).toEqual(["dee", "eve"]);
    const ada = (await (await get("?format=json&manager=ada%40contoso.com")).json()) as ReportModel;
    expect(ada.managers.map((m) => m.name)).toEqual(["ada"]);
  });

  it("answers CSV as an attachment: BOM, one row per pair, hostile names intact", async () => {
    const res = await get("?format=csv&department=Sales");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(
      'attachment; filename="cadence-report-2026-11-25.csv"',
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(Buffer.from(bytes), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.report)).toEqual(['Brown, "Cy"\nRenée', "bob"]);
  });
});

describe("reportQuerySchema", () => {
  it("defaults to HTML and passes filters on", () => {
    expect(reportQuerySchema.parse({})).toEqual({
      format: "html",
      department: undefined,
      manager: undefined,
    });
    expect(reportQuerySchema.safeParse({ format: "xml" }).success).toBe(false);
  });
});
