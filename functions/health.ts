import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from "@azure/functions";
import { storageFromSettings } from "../shared/composition/storageFromSettings.js";
import { settings } from "../shared/config.js";
import { probeStorage } from "../shared/store/probeStorage.js";
import { checkHealth } from "../shared/usecases/checkHealth.js";
import { limitRequestBody } from "./limitRequestBody.js";

/** GET /api/health: 200 when settings are valid and storage answers, 503 otherwise (for load balancers and probes). */
export async function health(_request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> {
  const report = await checkHealth({
    settings,
    probeStorage: (current) => probeStorage(storageFromSettings(current)),
  });
  return {
    status: report.status === "ok" ? 200 : 503,
    headers: { "cache-control": "no-store" },
    jsonBody: report,
  };
}

app.http("health", {
  methods: ["GET"],
  authLevel: "anonymous",
  route: "health",
  handler: limitRequestBody(0, health),
});
