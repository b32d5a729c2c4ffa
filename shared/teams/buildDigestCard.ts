// The weekly digest card: the report model → view model → cards/weeklyDigest.json, trimmed to fit a Workflows
// webhook (28 KB) by listing fewer gaps and ending the list with "and N more".
import * as templating from "adaptivecards-templating";
import template from "../../cards/weeklyDigest.json" with { type: "json" };
import type { ReportModel, ReportPair } from "../domain/report/reportModel.js";
import { STATUS_LABEL } from "../report/renderReportHtml.js";
import {
  WORKFLOW_MAX_BYTES,
  type WorkflowMessage,
  workflowMessage,
  workflowMessageBytes,
} from "./workflowMessage.js";

const DAY_MS = 86_400_000;
/** Longer names are cut so one long name cannot push the list out of the card. */
const NAME_CHARS = 60;

export interface DigestViewModel {
  scanDate: string;
  pairs: number;
  healthText: string;
  healthColor: "Good" | "Warning" | "Attention" | "Default";
  changeText: string;
  denominatorText: string;
  statuses: { label: string; count: string }[];
  gaps: { line: string }[];
  more: number;
  reportUrl: string;
}

export interface DigestCard {
  card: object;
  message: WorkflowMessage;
  bytes: number;
  gapsShown: number;
  more: number;
}

export interface DigestOptions {
  reportUrl?: string | undefined;
  /** Gaps listed at most (fewer when the card would exceed the byte limit). */
  maxGaps?: number;
  maxBytes?: number;
}

export function buildDigestCard(model: ReportModel, options: DigestOptions = {}): DigestCard {
  const maxBytes = options.maxBytes ?? WORKFLOW_MAX_BYTES;
  let shown = Math.min(options.maxGaps ?? 10, model.needsAction.length);
  for (;;) {
    const view = digestViewModel(model, shown, options.reportUrl ?? "");
    const card = expand(view);
    const message = workflowMessage(card);
    const bytes = workflowMessageBytes(message);
    if (bytes <= maxBytes || shown === 0) return { card, message, bytes, gapsShown: shown, more: view.more };
    shown = Math.floor(shown / 2);
  }
}

function expand(view: DigestViewModel): object {
  const Template =
    templating.Template ?? (templating as unknown as { default: typeof templating }).default.Template;
  return new Template(structuredClone(template)).expand({ $root: view }) as object;
}

export function digestViewModel(model: ReportModel, gapsShown: number, reportUrl: string): DigestViewModel {
  const percent = model.health.percent;
  return {
    scanDate: model.scan.at.slice(0, 10),
    pairs: model.totals.pairs,
    healthText: percent === null ? "n/a" : `${percent.toFixed(1)}%`,
    healthColor:
      percent === null ? "Default" : percent >= 80 ? "Good" : percent >= 50 ? "Warning" : "Attention",
    changeText: weekChange(model),
    denominatorText: `${model.health.healthy} of ${model.health.counted} pairs; ${model.health.excluded} excluded pairs are not counted.`,
    statuses: (Object.keys(STATUS_LABEL) as (keyof typeof STATUS_LABEL)[]).map((s) => ({
      label: STATUS_LABEL[s],
      count: String(model.totals[s]),
    })),
    gaps: model.needsAction.slice(0, gapsShown).map((p) => ({ line: gapLine(p) })),
    more: model.needsAction.length - gapsShown,
    reportUrl,
  };
}

/** Against the newest complete scan at least a week older than this one (scans may run nightly). */
function weekChange(model: ReportModel): string {
  const latestAt = Date.parse(model.scan.at);
  const weekAgo = model.trend
    .filter((t) => Date.parse(t.at) <= latestAt - 7 * DAY_MS && t.health.percent !== null)
    .at(-1);
  if (!weekAgo || model.health.percent === null || model.filters.department || model.filters.manager) {
    return "No scan from a week ago to compare with.";
  }
  const points = Math.round((model.health.percent - weekAgo.health.percent!) * 10) / 10;
  const sign = points > 0 ? "+" : points < 0 ? "−" : "±";
  return `${sign}${Math.abs(points)} points since ${weekAgo.at.slice(0, 10)}`;
}

/** Shown as a TextRun, which Teams does not parse as markdown: a name like "[x](https://…)" stays text. */
function gapLine(p: ReportPair): string {
  const gap = p.gapDays === null ? "no 1:1 in the lookback" : `${p.gapDays} days since the last 1:1`;
  const department = p.department ? ` (${cut(p.department)})` : "";
  return `${cut(p.managerName)} → ${cut(p.reportName)}${department}: ${STATUS_LABEL[p.status].toLowerCase()}, ${gap}`;
}

function cut(text: string): string {
  const chars = [...text];
  return chars.length <= NAME_CHARS ? text : `${chars.slice(0, NAME_CHARS - 1).join("")}…`;
}
