import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from "@azure/functions";
import { z } from "zod";
import { scanPortsFromSettings } from "../shared/composition/scanPortsFromSettings.js";
import { runIdSchema } from "../shared/domain/runIdSchema.js";
import { AppError } from "../shared/errors.js";
import { scanStatus } from "../shared/usecases/scanStatus.js";
import { errorResponse } from "./errorResponse.js";
import { limitRequestBody } from "./limitRequestBody.js";

export const scanStatusParamsSchema = z.object({ runId: runIdSchema });

/** GET /api/scans/{runId} (admin): a run with its live shard progress. */
export async function scanStatusHttp(
  request: HttpRequest,
  _context: InvocationContext,
): Promise<HttpResponseInit> {
  const params = scanStatusParamsSchema.safeParse(request.params);
  const status = params.success
    ? await scanStatus((await scanPortsFromSettings()).store, params.data.runId)
    : undefined;
  if (!status) return errorResponse(new AppError("SCAN.NOT_FOUND", "No scan with that id", { status: 404 }));
  return { status: 200, jsonBody: status };
}

app.http("scanStatus", {
  methods: ["GET"],
  authLevel: "admin",
  route: "scans/{runId}",
  handler: limitRequestBody(0, scanStatusHttp),
});
