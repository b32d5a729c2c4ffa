// The report page's static parts: its stylesheet and its script, kept apart so the Content-Security-Policy
// can allow exactly these two by hash (no inline handlers, no style attributes, nothing loaded from anywhere).
import { createHash } from "node:crypto";

export const REPORT_STYLE = `
:root{color-scheme:light;--ink:#1b1b1f;--muted:#4a4a55;--line:#c9c9d1;--bg:#fff;--band:#f4f4f7;--focus:#0b57d0}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:6px;z-index:1}
header,main,footer{max-width:1440px;margin:0 auto;padding:0 20px}
header{padding-top:20px;border-bottom:1px solid var(--line)}
h1{font-size:1.6rem;margin:.2em 0}h2{font-size:1.25rem;margin:1.6em 0 .5em}
.meta{color:var(--muted);margin:.2em 0 1em}
.headline{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}
.score{font-size:2.6rem;font-weight:700;line-height:1;margin:0}
.score small{display:block;font-size:.9rem;font-weight:400;color:var(--muted);margin-top:6px}
.totals{list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:8px}
.totals li{border:1px solid var(--line);border-radius:6px;padding:6px 10px;background:var(--band)}
.totals b{font-size:1.1rem;margin-left:6px}
.badge{display:inline-block;border-radius:4px;padding:1px 7px;font-size:.85rem;font-weight:600;white-space:nowrap}
.badge::before{content:"";display:inline-block;width:.6em;height:.6em;border-radius:50%;margin-right:.35em;background:currentColor}
.s-healthy{background:#d3f0dc;color:#0b5d1e}.s-belowTarget{background:#fff0c2;color:#5f4500}
.s-scheduled{background:#dbe9ff;color:#0b3d91}.s-lapsed{background:#ffe0cc;color:#7a2d00}
.s-missing{background:#ffd6d9;color:#8e0b17}.s-excluded{background:#e6e6e6;color:#3d3d3d}
figure{margin:16px 0}figure svg{display:block;max-width:720px;height:auto}figcaption{color:var(--muted);font-size:.9rem}
svg .grid{stroke:#d7d7de;stroke-width:1}svg .axis{fill:#4a4a55;font-size:11px}
svg .line{fill:none;stroke:#0b57d0;stroke-width:2.5}svg .dot{fill:#0b57d0}
form.filters{display:flex;flex-wrap:wrap;gap:12px 20px;align-items:end;padding:12px;background:var(--band);border-radius:8px}
form.filters label{display:flex;flex-direction:column;font-size:.85rem;font-weight:600;gap:3px}
select,input,button{font:inherit}
select,input{padding:4px 6px;border:1px solid #767680;border-radius:4px;min-width:12em;background:#fff;color:var(--ink)}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
output{color:var(--muted)}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;margin:8px 0 4px;font-size:.9rem}
caption{text-align:left;color:var(--muted);padding:4px 0}
th,td{border-bottom:1px solid var(--line);padding:6px 7px;text-align:left;vertical-align:top}
thead th{background:var(--band);white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
th button{all:unset;cursor:pointer;font-weight:700}
th button::after{content:" \\2195";content:" \\2195"/"";color:var(--muted)}
th[aria-sort=ascending] button::after{content:" \\2191";content:" \\2191"/"";color:var(--ink)}
th[aria-sort=descending] button::after{content:" \\2193";content:" \\2193"/"";color:var(--ink)}
tbody th{font-weight:600}
.upn{display:block;font-weight:400;color:var(--muted);font-size:.8rem}
.up{color:#0b5d1e}.down{color:#8e0b17}
.note{color:var(--muted);font-size:.9rem}
footer{margin-top:32px;padding:16px 20px 32px;border-top:1px solid var(--line);color:var(--muted);font-size:.9rem}
`;

/** Formats times in the viewer's zone, filters rows, sorts by the header buttons. No dependencies. */
export const REPORT_SCRIPT = `
(() => {
  "use strict";
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
  const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
  for (const el of document.querySelectorAll("time[datetime]")) {
    const when = new Date(el.getAttribute("datetime"));
    if (Number.isNaN(when.getTime())) continue;
    el.textContent = (el.dataset.style === "date" ? dateOnly : dateTime).format(when);
    el.title = el.getAttribute("datetime") + " (shown in " + zone + ")";
  }
  for (const el of document.querySelectorAll("[data-zone]")) el.textContent = zone;

  const form = document.getElementById("filters");
  const tables = [...document.querySelectorAll("table[data-filterable]")];
  const apply = () => {
    const department = form.elements.department.value;
    const manager = form.elements.manager.value.trim().toLocaleLowerCase();
    const status = form.elements.status.value;
    for (const table of tables) {
      let shown = 0;
      const rows = table.tBodies[0].rows;
      for (const row of rows) {
        const ok =
          (!department || JSON.parse(row.dataset.departments).includes(department)) &&
          (!manager || row.dataset.manager.includes(manager)) &&
          (!status || JSON.parse(row.dataset.statuses).includes(status));
        row.hidden = !ok;
        if (ok) shown++;
      }
      const out = document.getElementById(table.id + "-count");
      if (out) out.textContent = "Showing " + shown + " of " + rows.length + " " + table.dataset.noun + ".";
    }
  };
  form.addEventListener("input", apply);
  form.addEventListener("submit", (e) => e.preventDefault());
  form.addEventListener("reset", () => setTimeout(apply, 0));
  apply();

  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  for (const table of document.querySelectorAll("table[data-sortable]")) {
    const headers = [...table.tHead.rows[0].cells];
    headers.forEach((th, column) => {
      const button = th.querySelector("button");
      if (!button) return;
      button.addEventListener("click", () => {
        const ascending = th.getAttribute("aria-sort") !== "ascending";
        for (const other of headers) other.removeAttribute("aria-sort");
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        const numeric = th.dataset.type === "number";
        const key = (row) => {
          const cell = row.cells[column];
          return cell.dataset.value !== undefined ? cell.dataset.value : cell.textContent.trim();
        };
        const body = table.tBodies[0];
        const rows = [...body.rows].sort((a, b) => {
          const x = key(a), y = key(b);
          const order = numeric ? Number(x) - Number(y) : collator.compare(x, y);
          return ascending ? order : -order;
        });
        body.append(...rows);
      });
    });
  }
})();
`;

const sha256 = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

/** Allows the page's own style and script and nothing else: no network, no other inline code. */
export const REPORT_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src ${sha256(REPORT_STYLE)}`,
  `script-src ${sha256(REPORT_SCRIPT)}`,
  "img-src data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");
