import {
  app,
  type HttpRequest,
  type HttpResponseInit,
  type InvocationContext,
  type Timer,
} from "@azure/functions";
import { scanPortsFromSettings } from "../shared/composition/scanPortsFromSettings.js";
import { type ScanTenantResult, scanTenant } from "../shared/usecases/scanTenant.js";
import { toShardWire } from "../shared/usecases/shardMessage.js";
import { scanShardOutput } from "./scanQueue.js";

async function startScan(context: InvocationContext): Promise<ScanTenantResult> {
  const result = await scanTenant(await scanPortsFromSettings());
  context.extraOutputs.set(scanShardOutput, result.shards.map(toShardWire));
  context.log(`scan ${result.run.runId}: ${result.run.pairs} pairs in ${result.shards.length} shards queued`);
  return result;
}

/** Nightly (CADENCE_SCAN_SCHEDULE): reads the directory and queues one message per shard of managers. */
export async function scanTenantTimer(_timer: Timer, context: InvocationContext): Promise<void> {
  await startScan(context);
}

/** POST /api/scans (admin): starts a scan now; poll GET /api/scans/{runId} for progress. */
export async function scanTenantHttp(
  request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  const { run } = await startScan(context);
  const location = new URL(`scans/${encodeURIComponent(run.runId)}`, request.url.replace(/\/scans\/?$/, "/"))
    .href;
  return { status: 202, headers: { location }, jsonBody: run };
}

app.timer("scanTenant", {
  schedule: "%CADENCE_SCAN_SCHEDULE%",
  extraOutputs: [scanShardOutput],
  handler: scanTenantTimer,
});
app.http("scanTenantHttp", {
  methods: ["POST"],
  authLevel: "admin",
  route: "scans",
  extraOutputs: [scanShardOutput],
  handler: scanTenantHttp,
});
