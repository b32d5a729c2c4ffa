import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from "@azure/functions";
import { z } from "zod";
import { scanHistoryPortsFromSettings } from "../shared/composition/scanHistoryPortsFromSettings.js";
import { settings } from "../shared/config.js";
import { reportFiltersSchema } from "../shared/domain/report/reportModel.js";
import { AppError } from "../shared/errors.js";
import { authorizeReportRequest } from "../shared/report/authorizeReportRequest.js";
import { renderReportCsv } from "../shared/report/renderReportCsv.js";
import { renderNoScanHtml, renderReportHtml } from "../shared/report/renderReportHtml.js";
import { REPORT_CONTENT_SECURITY_POLICY } from "../shared/report/reportPage.js";
import { buildReport } from "../shared/usecases/buildReport.js";
import { errorResponse } from "./errorResponse.js";
import { limitRequestBody } from "./limitRequestBody.js";

export const reportQuerySchema = reportFiltersSchema.extend({
  format: z.enum(["html", "json", "csv"], { error: "format must be html, json or csv" }).default("html"),
});

const PRIVATE = { "cache-control": "no-store, private", "x-content-type-options": "nosniff" };

/**
 * GET /api/report?format=html|json|csv&department=&manager= : the cadence gaps of the latest complete scan. The
 * platform checks the function key; App Service authentication's principal, when present, must hold the admin
 * role to see every pair, else it sees only the pairs it manages.
 */
export async function cadenceReport(
  request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  const current = settings();
  const access = authorizeReportRequest(request.headers, current.CADENCE_REPORT_ADMIN_ROLE);
  if (!access.ok) {
    context.warn(`report refused (${access.code})`);
    return errorResponse(new AppError(access.code, access.message, { status: access.status }), PRIVATE);
  }
  const query = reportQuerySchema.safeParse(Object.fromEntries(request.query));
  if (!query.success) {
    const message = query.error.issues.map((i) => i.message).join("; ");
    return errorResponse(new AppError("REPORT.BAD_QUERY", message, { status: 400 }), PRIVATE);
  }
  const { format, ...filters } = query.data;
  if (access.manager !== undefined) {
    // A manager's report is their own pairs: asking for another manager's is refused, not silently narrowed.
    if (filters.manager !== undefined && filters.manager.toLowerCase() !== access.manager.toLowerCase()) {
      const message = "A manager sees only their own pairs";
      return errorResponse(new AppError("REPORT.FORBIDDEN", message, { status: 403 }), PRIVATE);
    }
    filters.manager = access.manager;
  }
  const ports = await scanHistoryPortsFromSettings();
  try {
    const model = await buildReport(ports, filters);
    if (format === "json") return { status: 200, headers: PRIVATE, jsonBody: model };
    if (format === "csv") {
      return {
        status: 200,
        headers: {
          ...PRIVATE,
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="cadence-report-${model.scan.at.slice(0, 10)}.csv"`,
        },
        body: renderReportCsv(model),
      };
    }
    return html(200, renderReportHtml(model, { csv: linkTo(request, "csv"), json: linkTo(request, "json") }));
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== "REPORT.NO_SCAN") {
      context.error(`report failed: ${err instanceof Error ? err.message : String(err)}`);
      throw err;
    }
    return format === "html" ? html(err.status ?? 503, renderNoScanHtml()) : errorResponse(err, PRIVATE);
  }
}

function html(status: number, body: string): HttpResponseInit {
  return {
    status,
    headers: {
      ...PRIVATE,
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": REPORT_CONTENT_SECURITY_POLICY,
      "referrer-policy": "no-referrer",
    },
    body,
  };
}

/** The same view in another format, keeping the caller's filters (and `code`, when the key came that way). */
function linkTo(request: HttpRequest, format: "csv" | "json"): string {
  const params = new URLSearchParams(request.query);
  params.set("format", format);
  return `?${params.toString()}`;
}

app.http("cadenceReport", {
  methods: ["GET"],
  authLevel: "function",
  route: "report",
  handler: limitRequestBody(0, cadenceReport),
});
