import {
  app,
  type HttpRequest,
  type HttpResponseInit,
  type InvocationContext,
  type Timer,
} from "@azure/functions";
import { z } from "zod";
import { type ScanPorts, scanPortsFromSettings } from "../shared/composition/scanPortsFromSettings.js";
import { settings } from "../shared/config.js";
import { toShardWire } from "../shared/store/shardQueueMessage.js";
import { ensureSubscriptions } from "../shared/usecases/ensureSubscriptions.js";
import { type ScanRequest, type ScanTenantResult, scanTenant } from "../shared/usecases/scanTenant.js";
import { scanShardOutput } from "./scanQueue.js";

/** `POST /api/scans?mode=full` forces a full scan; `now` is only accepted where CADENCE_NOW pins the clock. */
export const scanQuerySchema = z.object({
  mode: z.enum(["auto", "full"], { error: "mode must be auto or full" }).default("auto"),
  now: z.iso.datetime({ offset: true, error: "now must be an ISO-8601 instant" }).optional(),
});

async function startScan(
  context: InvocationContext,
  request: ScanRequest,
  now?: Date,
): Promise<ScanTenantResult> {
  const ports = await scanPortsFromSettings();
  const clock = now ? { now: () => now } : ports.clock;
  const result = await scanTenant({ ...ports, clock }, settings().CADENCE_FULL_RESCAN ? "full" : request);
  const { plan } = result;
  context.log(
    `scan ${result.run.runId} (${result.run.mode}${plan.fullBecause ? `: ${plan.fullBecause}` : ""}): ` +
      `${result.run.pairs} pairs, ${plan.keptPairs} classified from kept calendars, ` +
      `${result.shards.length} shards queued ${JSON.stringify(plan.rereads)}`,
  );
  // Before the shards read (their messages leave when this invocation returns), so no change falls between a
  // calendar read and the subscription that would report it.
  await keepSubscriptions(ports, clock, context);
  context.extraOutputs.set(scanShardOutput, result.shards.map(toShardWire));
  return result;
}

async function keepSubscriptions(
  ports: ScanPorts,
  clock: ScanPorts["clock"],
  context: InvocationContext,
): Promise<void> {
  if (!ports.notifications) return;
  const { url, clientState, store } = ports.notifications;
  const done = await ensureSubscriptions({
    graph: ports.graph,
    store,
    clock,
    notificationUrl: url,
    clientState,
    ...(ports.exclusions ? { exclusions: ports.exclusions } : {}),
  });
  context.log(
    `subscriptions: ${done.created} created, ${done.renewed} renewed, ${done.deleted} deleted, ${done.failed.length} failed`,
  );
  for (const failure of done.failed.slice(0, 20)) context.warn(`subscription failed: ${failure}`);
}

/** Nightly (CADENCE_SCAN_SCHEDULE): reads the directory and queues one message per shard of managers. */
export async function scanTenantTimer(_timer: Timer, context: InvocationContext): Promise<void> {
  await startScan(context, "auto");
}

/** POST /api/scans[?mode=full] (admin): starts a scan now; poll GET /api/scans/{runId} for progress. */
export async function scanTenantHttp(
  request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  const query = scanQuerySchema.safeParse(Object.fromEntries(request.query));
  if (!query.success) {
    return { status: 400, jsonBody: { code: "SCAN.BAD_QUERY", message: z.prettifyError(query.error) } };
  }
  // Scanning "as of" another instant only makes sense on a simulated tenant whose clock is already pinned.
  if (query.data.now && !settings().CADENCE_NOW) {
    return {
      status: 400,
      jsonBody: {
        code: "SCAN.NOW_NOT_ALLOWED",
        message: "now is only accepted when CADENCE_NOW pins the clock",
      },
    };
  }
  const { run } = await startScan(
    context,
    query.data.mode,
    query.data.now ? new Date(query.data.now) : undefined,
  );
  const location = new URL(
    `scans/${encodeURIComponent(run.runId)}`,
    request.url.replace(/\/scans\/?(\?.*)?$/, "/"),
  ).href;
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
