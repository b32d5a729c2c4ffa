import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from "@azure/functions";
import { scanPortsFromSettings } from "../shared/composition/scanPortsFromSettings.js";
import { scanStatus } from "../shared/usecases/scanStatus.js";

/** GET /api/scans/{runId} (admin): a run with its live shard progress. */
export async function scanStatusHttp(
  request: HttpRequest,
  _context: InvocationContext,
): Promise<HttpResponseInit> {
  const status = await scanStatus((await scanPortsFromSettings()).store, request.params.runId ?? "");
  if (!status) return { status: 404, jsonBody: { code: "SCAN.NOT_FOUND", message: "No scan with that id" } };
  return { status: 200, jsonBody: status };
}

app.http("scanStatus", {
  methods: ["GET"],
  authLevel: "admin",
  route: "scans/{runId}",
  handler: scanStatusHttp,
});
