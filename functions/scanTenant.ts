import {
  app,
  type HttpRequest,
  type HttpResponseInit,
  type InvocationContext,
  type Timer,
} from "@azure/functions";
import { z } from "zod";
import { scanPortsFromSettings } from "../shared/composition/scanPortsFromSettings.js";
import { AppError } from "../shared/errors.js";
import type { ScanRequest } from "../shared/usecases/scanTenant.js";
import { startScan } from "../shared/usecases/startScan.js";
import { errorResponse } from "./errorResponse.js";
import { limitRequestBody } from "./limitRequestBody.js";
import { scanPrepareOutput } from "./scanQueue.js";

/** `POST /api/scans?mode=full` forces a full scan; `now` is only accepted where CADENCE_NOW pins the clock. */
export const scanQuerySchema = z.object({
  mode: z.enum(["auto", "full"], { error: "mode must be auto or full" }).default("auto"),
  now: z.iso.datetime({ offset: true, error: "now must be an ISO-8601 instant" }).optional(),
});

async function run(context: InvocationContext, mode: ScanRequest, now?: Date) {
  const result = await startScan(await scanPortsFromSettings(), { mode, now });
  context.log(`scan ${result.run.runId} (${result.prepare.mode}) started, preparing`);
  context.extraOutputs.set(scanPrepareOutput, result.prepare);
  return result.run;
}

/** Nightly (CADENCE_SCAN_SCHEDULE): starts a scan; scanPrepare reads the directory and queues the shards. */
export async function scanTenantTimer(_timer: Timer, context: InvocationContext): Promise<void> {
  await run(context, "auto");
}

/** POST /api/scans[?mode=full] (admin): starts a scan now; poll GET /api/scans/{runId} for progress. */
export async function scanTenantHttp(
  request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  try {
    const query = scanQuerySchema.safeParse(Object.fromEntries(request.query));
    if (!query.success) throw new AppError("SCAN.BAD_QUERY", z.prettifyError(query.error), { status: 400 });
    const started = await run(
      context,
      query.data.mode,
      query.data.now ? new Date(query.data.now) : undefined,
    );
    const location = new URL(
      `scans/${encodeURIComponent(started.runId)}`,
      request.url.replace(/\/scans\/?(\?.*)?$/, "/"),
    ).href;
    return { status: 202, headers: { location }, jsonBody: started };
  } catch (err) {
    return errorResponse(err);
  }
}

app.timer("scanTenant", {
  schedule: "%CADENCE_SCAN_SCHEDULE%",
  extraOutputs: [scanPrepareOutput],
  handler: scanTenantTimer,
});
app.http("scanTenantHttp", {
  methods: ["POST"],
  authLevel: "admin",
  route: "scans",
  extraOutputs: [scanPrepareOutput],
  handler: limitRequestBody(0, scanTenantHttp),
});
