// The weekly digest's adapters: the report's ports, and a post to the Workflows webhook over HTTPS.
import { readFileSync } from "node:fs";
import { settings } from "../config.js";
import type { ReportModel } from "../domain/report/reportModel.js";
import { createHttpsFetch } from "../graph/createHttpsFetch.js";
import { buildDigestCard } from "../teams/buildDigestCard.js";
import { postToWorkflow } from "../teams/postToWorkflow.js";
import type { SendWeeklyDigestPorts } from "../usecases/sendWeeklyDigest.js";
import { oncePerProcess } from "./oncePerProcess.js";
import { scanHistoryPortsFromSettings } from "./scanHistoryPortsFromSettings.js";

export const digestPortsFromSettings: () => Promise<SendWeeklyDigestPorts> = oncePerProcess(async () => {
  const current = settings();
  const url = current.CADENCE_DIGEST_WEBHOOK_URL;
  // The simulator's webhook shares its CA with its Graph endpoint, so the Graph CA setting covers both.
  const fetch = createHttpsFetch({
    caPem: current.GRAPH_CA_CERT_PATH ? readFileSync(current.GRAPH_CA_CERT_PATH, "utf8") : undefined,
  });
  return {
    ...(await scanHistoryPortsFromSettings()),
    post: url
      ? async (report: ReportModel) => {
          const digest = buildDigestCard(report, { reportUrl: current.CADENCE_REPORT_URL });
          const posted = await postToWorkflow(url, digest.message, { fetch });
          return { bytes: posted.bytes, gapsShown: digest.gapsShown, more: digest.more };
        }
      : undefined,
  };
});
