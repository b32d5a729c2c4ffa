// The weekly digest: the unfiltered report, summarised on one card, posted to the admins' Teams channel.
import { buildDigestCard } from "../teams/buildDigestCard.js";
import type { PostToWorkflowResult } from "../teams/postToWorkflow.js";
import type { WorkflowMessage } from "../teams/workflowMessage.js";
import { type BuildReportPorts, buildReport, NoCompleteScanError } from "./buildReport.js";

export interface SendWeeklyDigestPorts extends BuildReportPorts {
  /** Posts to the configured webhook; absent when no webhook is configured. */
  post: ((message: WorkflowMessage) => Promise<PostToWorkflowResult>) | undefined;
  reportUrl?: string | undefined;
}

export type WeeklyDigestResult =
  | { sent: true; bytes: number; gapsShown: number; more: number; healthPercent: number | null }
  | { sent: false; reason: "NO_WEBHOOK" | "NO_SCAN" };

export async function sendWeeklyDigest(ports: SendWeeklyDigestPorts): Promise<WeeklyDigestResult> {
  if (!ports.post) return { sent: false, reason: "NO_WEBHOOK" };
  let model: Awaited<ReturnType<typeof buildReport>>;
  try {
    model = await buildReport(ports);
  } catch (err) {
    if (err instanceof NoCompleteScanError) return { sent: false, reason: "NO_SCAN" };
    throw err;
  }
  const digest = buildDigestCard(model, { reportUrl: ports.reportUrl });
  const posted = await ports.post(digest.message);
  return {
    sent: true,
    bytes: posted.bytes,
    gapsShown: digest.gapsShown,
    more: digest.more,
    healthPercent: model.health.percent,
  };
}
