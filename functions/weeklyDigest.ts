import { readFileSync } from "node:fs";
import { app, type InvocationContext, type Timer } from "@azure/functions";
import { reportPortsFromSettings } from "../shared/composition/reportPortsFromSettings.js";
import { settings } from "../shared/config.js";
import { createHttpsFetch, type FetchFunction } from "../shared/graph/createHttpsFetch.js";
import { postToWorkflow } from "../shared/teams/postToWorkflow.js";
import { sendWeeklyDigest, type WeeklyDigestResult } from "../shared/usecases/sendWeeklyDigest.js";

let webhookFetch: FetchFunction | undefined;

/**
 * Weekly (CADENCE_DIGEST_SCHEDULE): posts the report's summary card to the admins' channel through the
 * Workflows webhook in CADENCE_DIGEST_WEBHOOK_URL; without one it only logs that it skipped.
 */
export async function weeklyDigest(_timer: Timer, context: InvocationContext): Promise<WeeklyDigestResult> {
  const current = settings();
  const url = current.CADENCE_DIGEST_WEBHOOK_URL;
  // The simulator's webhook shares its CA with its Graph endpoint, so the Graph CA setting covers both.
  webhookFetch ??= createHttpsFetch({
    caPem: current.GRAPH_CA_CERT_PATH ? readFileSync(current.GRAPH_CA_CERT_PATH, "utf8") : undefined,
  });
  const fetch = webhookFetch;
  const result = await sendWeeklyDigest({
    ...(await reportPortsFromSettings()),
    reportUrl: current.CADENCE_REPORT_URL,
    post: url ? (message) => postToWorkflow(url, message, { fetch }) : undefined,
  });
  if (result.sent) {
    context.log(
      `weekly digest posted: ${result.bytes} bytes, ${result.gapsShown} gaps listed (and ${result.more} more)`,
    );
  } else {
    context.log(
      result.reason === "NO_WEBHOOK"
        ? "weekly digest skipped: CADENCE_DIGEST_WEBHOOK_URL is not set"
        : "weekly digest skipped: no scan has completed yet",
    );
  }
  return result;
}

app.timer("weeklyDigest", { schedule: "%CADENCE_DIGEST_SCHEDULE%", handler: weeklyDigest });
