// Measures the admin report at scale (issue 5): a generated tenant scanned in process, then the model, the HTML
// page, the CSV, the JSON and the digest card built from it. Run: `npm run build && node dist/bench/report.js
// [users] [seed]`. Also times the report's Table Storage read against in-memory Azurite. Writes bench/results/report.json. Timings are for people to read; nothing here asserts.
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { openTenantSource } from "../cli/tenantSource.js";
import { startAzurite } from "../dev/storage/startAzurite.js";
import { scanGraphFromGateway } from "../shared/composition/scanGraphFromGateway.js";
import { defaultCadencePolicy } from "../shared/domain/cadencePolicy.js";
import { buildReportModel } from "../shared/domain/report/buildReportModel.js";
import { renderReportCsv } from "../shared/report/renderReportCsv.js";
import { renderReportHtml } from "../shared/report/renderReportHtml.js";
import { MemoryScanStore } from "../shared/store/memoryScanStore.js";
import { ScanStore } from "../shared/store/scanStore.js";
import { buildDigestCard } from "../shared/teams/buildDigestCard.js";
import { buildReport } from "../shared/usecases/buildReport.js";
import { runScanInProcess } from "../shared/usecases/runScanInProcess.js";

const users = Number(process.argv[2] ?? 10_000);
const seed = Number(process.argv[3] ?? 1);
const REPEAT = 5;

function timed<T>(work: () => T): { value: T; ms: number } {
  let value = work();
  const start = performance.now();
  for (let i = 0; i < REPEAT; i++) value = work();
  return { value, ms: Math.round(((performance.now() - start) / REPEAT) * 10) / 10 };
}

const source = await openTenantSource({ generate: `users=${users},seed=${seed}` });
const store = new MemoryScanStore();
const scanStart = performance.now();
const run = await runScanInProcess({
  graph: scanGraphFromGateway(source.gateway),
  store,
  clock: { now: () => source.now },
  policy: defaultCadencePolicy,
  runSuffix: () => "bench",
});
const scanMs = Math.round(performance.now() - scanStart);
await source.close();
const pairs = await store.listPairs(run.runId);

const model = timed(() =>
  buildReportModel({
    latest: { run, pairs },
    previous: { run, pairs },
    history: [run],
    now: source.now,
    minGroupSize: 5,
  }),
);
const html = timed(() => renderReportHtml(model.value, { csv: "?format=csv", json: "?format=json" }));
const csv = timed(() => renderReportCsv(model.value));
const json = timed(() => JSON.stringify(model.value));
const digest = timed(() => buildDigestCard(model.value, { reportUrl: "https://cadence.example/api/report" }));

// What GET /api/report pays before rendering: two runs' pairs read back from Table Storage (Azurite, in memory).
const azurite = await startAzurite();
const tables = await ScanStore.open(azurite.connectionString);
const writeStart = performance.now();
await tables.saveRun(run);
await tables.writePairs(pairs);
const writeMs = Math.round(performance.now() - writeStart);
const readStart = performance.now();
const fromTables = await buildReport({ store: tables, clock: { now: () => source.now }, minGroupSize: 5 });
const readAndBuildMs = Math.round(performance.now() - readStart);
await azurite.stop();

const bytes = (text: string) => Buffer.byteLength(text, "utf8");
const result = {
  measuredAt: new Date().toISOString(),
  node: process.version,
  users,
  seed,
  pairs: pairs.length,
  managers: model.value.managers.length,
  needsAction: model.value.needsAction.length,
  scanInProcessMs: scanMs,
  buildModelMs: model.ms,
  azurite: { writePairsMs: writeMs, readAndBuildMs, pairsRead: fromTables.pairs.length },
  html: { ms: html.ms, bytes: bytes(html.value) },
  csv: { ms: csv.ms, bytes: bytes(csv.value) },
  json: { ms: json.ms, bytes: bytes(json.value) },
  digest: {
    ms: digest.ms,
    bytes: digest.value.bytes,
    limit: 28 * 1024,
    gapsShown: digest.value.gapsShown,
    more: digest.value.more,
  },
  rssPeakMiB: Math.round(process.resourceUsage().maxRSS / 1024),
};

const out = fileURLToPath(new URL("../../bench/results/report.json", import.meta.url));
mkdirSync(fileURLToPath(new URL("../../bench/results", import.meta.url)), { recursive: true });
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
