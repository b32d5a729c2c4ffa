// The report as ONE self-contained, accessible HTML page: inline style, script and SVG, nothing fetched, every
// text escaped. Times travel as ISO in `datetime` attributes; the page's script shows them in the viewer's zone.
import escapeHtml from "escape-html";
import type { PairStatus } from "../domain/pairResult.js";
import {
  type Health,
  PAIR_STATUSES,
  type ReportModel,
  type ReportPair,
  type TrendPoint,
} from "../domain/report/reportModel.js";
import { REPORT_SCRIPT, REPORT_STYLE } from "./reportPage.js";

/** Pairs needing action listed on the page; the CSV and JSON carry all of them. */
export const HTML_ACTION_ROWS = 500;

export const STATUS_LABEL: Record<PairStatus, string> = {
  healthy: "Healthy",
  belowTarget: "Below target",
  scheduled: "Scheduled",
  lapsed: "Lapsed",
  missing: "Missing",
  excluded: "Excluded",
};

const esc = (value: string | number | null | undefined): string => escapeHtml(String(value ?? ""));
const attr = (value: unknown): string =>
  `"${escapeHtml(typeof value === "string" ? value : JSON.stringify(value))}"`;

/** Where the page links to for the CSV and JSON of the same view (relative, so it works behind any host). */
export interface ReportLinks {
  csv?: string;
  json?: string;
}

export function renderReportHtml(model: ReportModel, links: ReportLinks = {}): string {
  const filters = [
    model.filters.department ? `department “${esc(model.filters.department)}”` : "",
    model.filters.manager ? `manager “${esc(model.filters.manager)}”` : "",
  ].filter(Boolean);
  return page(
    "Cadence: 1:1 cadence report",
    `<header>
<h1>1:1 cadence report</h1>
<p class="meta">Scan of ${time(model.scan.at)} · ${esc(model.scan.pairs)} manager/report pairs${
      model.scan.errors > 0 ? ` · ${esc(model.scan.errors)} mailbox or shard errors` : ""
    }${
      model.scan.skipped.length > 0
        ? ` · <strong>skipped</strong> (their pairs are missing): ${model.scan.skipped.map(esc).join("; ")}`
        : ""
    } · generated ${time(model.generatedAt)} · times in <span data-zone>UTC</span>${
      filters.length > 0 ? ` · filtered by ${filters.join(" and ")}` : ""
    }${downloadLinks(links)}</p>
</header>
<main id="main">
${healthSection(model)}
${managersSection(model)}
${actionSection(model)}
${departmentsSection(model)}
</main>
<footer>
<h2>About these numbers</h2>
<ul>${model.notes.map((n) => `<li>${esc(n)}</li>`).join("")}</ul>
<p>Cadence never reads or shows meeting subjects or bodies: only who met, when, and the rhythm.</p>
</footer>
<script>${REPORT_SCRIPT}</script>`,
  );
}

/** What the report URL answers before any scan has completed. */
export function renderNoScanHtml(): string {
  return page(
    "Cadence: no scan yet",
    `<main id="main">
<h1>No scan yet</h1>
<p>The report is built from the latest complete scan of the tenant, and none has completed yet.</p>
<p>The nightly scan runs on the <code>CADENCE_SCAN_SCHEDULE</code> timer; an admin can start one now with
<code>POST /api/scans</code>. Reload this page when it has finished.</p>
</main>`,
  );
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${esc(title)}</title>
<style>${REPORT_STYLE}</style>
</head>
<body>
<a class="skip" href="#main">Skip to the report</a>
${body}
</body>
</html>
`;
}

function downloadLinks(links: ReportLinks): string {
  const parts = [
    links.csv ? `<a href=${attr(links.csv)} download>CSV (every pair)</a>` : "",
    links.json ? `<a href=${attr(links.json)}>JSON</a>` : "",
  ].filter(Boolean);
  return parts.length > 0 ? ` · download ${parts.join(" · ")}` : "";
}

function time(iso: string | null, style: "date" | "datetime" = "datetime"): string {
  if (iso === null) return "";
  const fallback = style === "date" ? iso.slice(0, 10) : `${iso.slice(0, 16).replace("T", " ")} UTC`;
  return `<time datetime=${attr(iso)}${style === "date" ? ' data-style="date"' : ""}>${esc(fallback)}</time>`;
}

function badge(status: PairStatus): string {
  return `<span class="badge s-${status}">${STATUS_LABEL[status]}</span>`;
}

function percent(health: Health): string {
  return health.percent === null ? "n/a" : `${health.percent.toFixed(1)}%`;
}

function signed(points: number | null, unit: string): string {
  if (points === null) return "";
  const text = `${points > 0 ? "+" : points < 0 ? "−" : "±"}${Math.abs(points)}${unit}`;
  return points === 0 ? text : `<span class="${points > 0 ? "up" : "down"}">${text}</span>`;
}

function healthSection(model: ReportModel): string {
  const change =
    model.healthChange === null || model.previousScan === null
      ? "No earlier scan to compare with."
      : `${signed(model.healthChange, " points")} since the scan of ${time(model.previousScan.at, "date")}.`;
  return `<section aria-labelledby="h-health">
<h2 id="h-health">Organisation health</h2>
<div class="headline">
<p class="score">${percent(model.health)} healthy<small>${esc(model.health.healthy)} of ${esc(
    model.health.counted,
  )} pairs (${esc(model.health.excluded)} excluded pairs not counted). ${change}</small></p>
<ul class="totals" aria-label="Pairs per status">
${PAIR_STATUSES.map((s) => `<li>${badge(s)}<b>${esc(model.totals[s])}</b></li>`).join("\n")}
</ul>
</div>
${trendFigure(model.trend)}
</section>`;
}

function trendFigure(trend: readonly TrendPoint[]): string {
  const points = trend.filter((t) => t.health.percent !== null);
  if (points.length === 0) return "";
  const [w, h, left, right, top, bottom] = [720, 200, 44, 16, 12, 30];
  const first = Date.parse(points[0]!.at);
  const span = Math.max(1, Date.parse(points[points.length - 1]!.at) - first);
  const x = (t: TrendPoint) =>
    points.length === 1
      ? left + (w - left - right) / 2
      : left + ((Date.parse(t.at) - first) / span) * (w - left - right);
  const y = (t: TrendPoint) => top + (1 - (t.health.percent ?? 0) / 100) * (h - top - bottom);
  const grid = [0, 25, 50, 75, 100]
    .map((p) => {
      const gy = top + (1 - p / 100) * (h - top - bottom);
      return `<line class="grid" x1="${left}" x2="${w - right}" y1="${gy}" y2="${gy}"/><text class="axis" x="${left - 6}" y="${gy + 4}" text-anchor="end">${p}%</text>`;
    })
    .join("");
  const path = points.map((t) => `${x(t).toFixed(1)},${y(t).toFixed(1)}`).join(" ");
  const dots = points
    .map(
      (t) =>
        `<circle class="dot" cx="${x(t).toFixed(1)}" cy="${y(t).toFixed(1)}" r="4"><title>${esc(t.at.slice(0, 10))}: ${percent(t.health)}</title></circle>`,
    )
    .join("");
  const last = points[points.length - 1]!;
  const summary =
    points.length === 1
      ? `One scan so far: ${percent(last.health)} of pairs healthy on ${last.at.slice(0, 10)}.`
      : `Share of pairs healthy over ${points.length} scans, from ${percent(points[0]!.health)} on ${points[0]!.at.slice(
          0,
          10,
        )} to ${percent(last.health)} on ${last.at.slice(0, 10)}.`;
  return `<figure>
<svg role="img" aria-labelledby="trend-title trend-desc" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}">
<title id="trend-title">Organisation health over time</title>
<desc id="trend-desc">${esc(summary)}</desc>
${grid}
${
  points.length === 1
    ? `<text class="axis" x="${x(last).toFixed(1)}" y="${h - 8}" text-anchor="middle">${esc(last.at.slice(0, 10))}</text>`
    : `<text class="axis" x="${left}" y="${h - 8}">${esc(points[0]!.at.slice(0, 10))}</text><text class="axis" x="${w - right}" y="${h - 8}" text-anchor="end">${esc(last.at.slice(0, 10))}</text>`
}
${points.length > 1 ? `<polyline class="line" points="${path}"/>` : ""}${dots}
</svg>
<figcaption>${esc(summary)} Excluded pairs are not in the denominator.</figcaption>
<details><summary>The trend as a table</summary>
<table><caption>Health per complete scan</caption>
<thead><tr><th scope="col">Scan</th><th scope="col" class="num">Healthy</th><th scope="col" class="num">Counted pairs</th><th scope="col" class="num">Health</th></tr></thead>
<tbody>${points
    .map(
      (t) =>
        `<tr><th scope="row">${time(t.at, "date")}</th><td class="num">${t.health.healthy}</td><td class="num">${t.health.counted}</td><td class="num">${percent(t.health)}</td></tr>`,
    )
    .join("\n")}</tbody></table>
</details>
</figure>`;
}

function filterForm(model: ReportModel): string {
  const managers = [...new Set(model.managers.map((m) => m.name))];
  return `<form id="filters" class="filters" role="search" aria-label="Filter managers and pairs">
<label>Department<select name="department"><option value="">All departments</option>${model.departmentNames
    .map((d) => `<option value=${attr(d)}>${esc(d)}</option>`)
    .join("")}</select></label>
<label>Manager<input name="manager" type="search" list="manager-names" autocomplete="off" placeholder="Name or address"></label>
<datalist id="manager-names">${managers.map((m) => `<option value=${attr(m)}></option>`).join("")}</datalist>
<label>Status<select name="status"><option value="">Any status</option>${PAIR_STATUSES.map(
    (s) => `<option value="${s}">${STATUS_LABEL[s]}</option>`,
  ).join("")}</select></label>
<button type="reset">Clear filters</button>
</form>`;
}

function sortHeader(label: string, type: "text" | "number", sorted?: "ascending"): string {
  return `<th scope="col"${type === "number" ? ' class="num" data-type="number"' : ""}${
    sorted ? ` aria-sort="${sorted}"` : ""
  }><button type="button">${esc(label)}</button></th>`;
}

function managersSection(model: ReportModel): string {
  const statusColumns = PAIR_STATUSES.map((s) => sortHeader(STATUS_LABEL[s], "number")).join("");
  const rows = model.managers.map((m) => {
    const gap =
      m.noneHeld > 0
        ? { value: 1e9 + m.noneHeld, text: `none held (${m.noneHeld})` }
        : m.longestGapDays === null
          ? { value: -1, text: "—" }
          : { value: m.longestGapDays, text: `${m.longestGapDays} days` };
    const statuses = PAIR_STATUSES.filter((s) => m.counts[s] > 0);
    const change = m.change?.healthPoints ?? null;
    return `<tr data-departments=${attr(m.departments)} data-statuses=${attr(statuses)} data-manager=${attr(
      `${m.name} ${m.managerUpn}`.toLocaleLowerCase(),
    )}>
<th scope="row">${esc(m.name)}<span class="upn">${esc(m.managerUpn)}</span></th>
<td class="num">${m.directs}</td>${PAIR_STATUSES.map((s) => `<td class="num">${m.counts[s]}</td>`).join("")}
<td class="num" data-value="${m.health.percent ?? -1}">${percent(m.health)}</td>
<td class="num" data-value="${gap.value}">${esc(gap.text)}</td>
<td class="num" data-value="${change ?? 0}">${m.change === null ? "new" : change === null ? "—" : signed(change, " pts")}</td>
</tr>`;
  });
  return `<section aria-labelledby="h-managers">
<h2 id="h-managers">Managers</h2>
${filterForm(model)}
<p><output id="managers-count" for="filters" aria-live="polite"></output></p>
<div class="scroll">
<table id="managers" data-sortable data-filterable data-noun="managers">
<caption>One row per manager: direct reports per status, health, the longest current gap, and the change in health since the previous scan. Sort with the column buttons.</caption>
<thead><tr>${sortHeader("Manager", "text", "ascending")}${sortHeader("Directs", "number")}${statusColumns}${sortHeader(
    "Health",
    "number",
  )}${sortHeader("Longest gap", "number")}${sortHeader("Change", "number")}</tr></thead>
<tbody>
${rows.join("\n")}
</tbody>
</table>
</div>
</section>`;
}

function actionRow(p: ReportPair): string {
  return `<tr data-departments=${attr([p.department ?? "(no department)"])} data-statuses=${attr([
    p.status,
  ])} data-manager=${attr(`${p.managerName} ${p.managerUpn}`.toLocaleLowerCase())}>
<td data-value=${attr(p.managerName)}>${esc(p.managerName)}<span class="upn">${esc(p.managerUpn)}</span></td>
<th scope="row" data-value=${attr(p.reportName)}>${esc(p.reportName)}<span class="upn">${esc(p.reportUpn)}</span></th>
<td>${esc(p.department ?? "—")}</td>
<td data-value="${p.status}">${badge(p.status)}</td>
<td class="num" data-value="${p.gapDays ?? 1e9}">${p.gapDays === null ? "none held" : `${p.gapDays} days`}</td>
<td data-value=${attr(p.lastHeld ?? "")}>${p.lastHeld ? time(p.lastHeld, "date") : "—"}</td>
<td data-value=${attr(p.nextScheduled ?? "")}>${p.nextScheduled ? time(p.nextScheduled) : "—"}</td>
<td>${esc(p.reason)}</td>
<td>${p.proposal ? esc(p.proposal) : "—"}</td>
</tr>`;
}

function actionSection(model: ReportModel): string {
  const shown = model.needsAction.slice(0, HTML_ACTION_ROWS);
  const more = model.needsAction.length - shown.length;
  return `<section aria-labelledby="h-action">
<h2 id="h-action">Pairs needing action</h2>
<p class="note">Missing, lapsed and below-target pairs, longest gap first.${
    more > 0
      ? ` The ${shown.length} longest gaps are listed; the CSV has all ${model.needsAction.length}.`
      : ""
  }</p>
<p><output id="actions-count" for="filters" aria-live="polite"></output></p>
<div class="scroll">
<table id="actions" data-sortable data-filterable data-noun="pairs">
<caption>Pairs needing action (the filters above apply here too).</caption>
<thead><tr>${sortHeader("Manager", "text")}${sortHeader("Report", "text")}${sortHeader("Department", "text")}${sortHeader(
    "Status",
    "text",
  )}<th scope="col" class="num" data-type="number" aria-sort="descending"><button type="button">Gap</button></th>${sortHeader(
    "Last held",
    "text",
  )}${sortHeader("Next scheduled", "text")}<th scope="col">Reason</th>${sortHeader("Series", "text")}</tr></thead>
<tbody>
${shown.map(actionRow).join("\n")}
</tbody>
</table>
</div>
</section>`;
}

function departmentsSection(model: ReportModel): string {
  const hidden = model.hiddenDepartments;
  return `<section aria-labelledby="h-departments">
<h2 id="h-departments">Departments</h2>
<p class="note">${
    hidden.departments > 0
      ? `${hidden.departments} department${hidden.departments === 1 ? "" : "s"} with fewer than ${model.minGroupSize} pairs (${hidden.pairs} pairs in all) ${hidden.departments === 1 ? "has" : "have"} no row of ${hidden.departments === 1 ? "its" : "their"} own.`
      : `Every department has at least ${model.minGroupSize} pairs.`
  }</p>
<div class="scroll">
<table id="departments" data-sortable>
<caption>Pairs per status by the report's department.</caption>
<thead><tr>${sortHeader("Department", "text", "ascending")}${sortHeader("Pairs", "number")}${PAIR_STATUSES.map(
    (s) => sortHeader(STATUS_LABEL[s], "number"),
  ).join("")}${sortHeader("Health", "number")}</tr></thead>
<tbody>
${model.departments
  .map(
    (d) =>
      `<tr><th scope="row">${esc(d.name)}</th><td class="num">${d.pairs}</td>${PAIR_STATUSES.map(
        (s) => `<td class="num">${d.counts[s]}</td>`,
      ).join("")}<td class="num" data-value="${d.health.percent ?? -1}">${percent(d.health)}</td></tr>`,
  )
  .join("\n")}
</tbody>
</table>
</div>
</section>`;
}
