// The weekly digest's adapters: the report's ports, and a post to the Workflows webhook over HTTPS.
import { readFileSync } from "node:fs";
import { settings } from "../config.js";
import type { ReportModel } from "../domain/report/reportModel.js";
import { createHttpsFetch } from "../graph/createHttpsFetch.js";
import { buildDigestCard } from "../teams/buildDigestCard.js";
import { postToWorkflow } from "../teams/postToWorkflow.js";
import type { SendWeeklyDigestPorts } from "../usecases/sendWeeklyDigest.js";
import { reportPortsFromSettings } from "./reportPortsFromSettings.js";

let ports: Promise<SendWeeklyDigestPorts> | undefined;

export function digestPortsFromSettings(): Promise<SendWeeklyDigestPorts> {
  ports ??= (async () => {
    const current = settings();
    const url = current.CADENCE_DIGEST_WEBHOOK_URL;
    // The simulator's webhook shares its CA with its Graph endpoint, so the Graph CA setting covers both.
    const fetch = createHttpsFetch({
      caPem: current.GRAPH_CA_CERT_PATH ? readFileSync(current.GRAPH_CA_CERT_PATH, "utf8") : undefined,
    });
    return {
      ...(await reportPortsFromSettings()),
      post: url
        ? async (report: ReportModel) => {
            const digest = buildDigestCard(report, { reportUrl: current.CADENCE_REPORT_URL });
            const posted = await postToWorkflow(url, digest.message, { fetch });
            return { bytes: posted.bytes, gapsShown: digest.gapsShown, more: digest.more };
          }
        : undefined,
    };
  })().catch((err) => {
    ports = undefined; // a storage hiccup at start-up must not poison every later invocation
    throw err;
  });
  return ports;
}
