// The weekly digest: the unfiltered report, summarised on one card, posted to the admins' Teams channel.
import type { ReportModel } from "../domain/report/reportModel.js";
import { type BuildReportPorts, buildReport, NoCompleteScanError } from "./buildReport.js";

/** What a posted digest took: its size and how many gaps fitted on the card (and how many did not). */
export interface PostedDigest {
  bytes: number;
  gapsShown: number;
  more: number;
}

export interface SendWeeklyDigestPorts extends BuildReportPorts {
  /** Summarises the report on a card and posts it; absent when no webhook is configured. */
  post: ((report: ReportModel) => Promise<PostedDigest>) | undefined;
}

export type WeeklyDigestResult =
  | { sent: true; bytes: number; gapsShown: number; more: number; healthPercent: number | null }
  | { sent: false; reason: "NO_WEBHOOK" | "NO_SCAN" };

export async function sendWeeklyDigest(ports: SendWeeklyDigestPorts): Promise<WeeklyDigestResult> {
  if (!ports.post) return { sent: false, reason: "NO_WEBHOOK" };
  let model: ReportModel;
  try {
    model = await buildReport(ports);
  } catch (err) {
    if (err instanceof NoCompleteScanError) return { sent: false, reason: "NO_SCAN" };
    throw err;
  }
  const posted = await ports.post(model);
  return { sent: true, ...posted, healthPercent: model.health.percent };
}
