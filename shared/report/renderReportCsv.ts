// The report as CSV for spreadsheets: one row per pair, RFC 4180 quoting, UTF-8 with a BOM so Excel reads
// accented names correctly.
import { stringify } from "csv-stringify/sync";
import type { ReportModel } from "../domain/report/reportModel.js";

export const REPORT_CSV_COLUMNS = [
  "manager",
  "report",
  "department",
  "status",
  "lastHeld",
  "nextScheduled",
  "gapDays",
  "reason",
  "proposal",
] as const;

const BOM = "\uFEFF";
/** Cells Excel would run as a formula (OWASP "CSV injection"): such names get a leading apostrophe. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function renderReportCsv(model: Pick<ReportModel, "pairs">): string {
  const cell = (value: string | number | null) => {
    if (value === null) return "";
    const text = String(value);
    return typeof value === "string" && FORMULA_START.test(text) ? `'${text}` : text;
  };
  return (
    BOM +
    stringify(
      model.pairs.map((p) =>
        [
          p.managerName,
          p.reportName,
          p.department,
          p.status,
          p.lastHeld,
          p.nextScheduled,
          p.gapDays,
          p.reason,
          p.proposal,
        ].map(cell),
      ),
      {
        header: true,
        columns: [...REPORT_CSV_COLUMNS],
        record_delimiter: "windows",
        quoted_match: /^\s|\s$/,
      },
    )
  );
}
