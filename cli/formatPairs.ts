// Renders scan results for people (table) and for tools (JSON per DESIGN.md "Contracts", CSV).
import { stringify } from "csv-stringify/sync";
import type { PairResult } from "../shared/domain/pairResult.js";

export const PAIR_COLUMNS = [
  "managerId",
  "managerUpn",
  "reportId",
  "reportUpn",
  "status",
  "lastHeld",
  "nextScheduled",
  "cadenceDays",
  "seriesId",
  "reason",
] as const satisfies readonly (keyof PairResult)[];

/** RFC 4180, CRLF line ends, every field quoted when it needs to be. */
export function pairsToCsv(pairs: readonly PairResult[]): string {
  return stringify(
    pairs.map((p) => PAIR_COLUMNS.map((c) => p[c] ?? "")),
    { header: true, columns: [...PAIR_COLUMNS], record_delimiter: "windows" },
  );
}

/** Aligned columns for a terminal: who, status, last/next dates and the reason. */
export function pairsToTable(pairs: readonly PairResult[]): string {
  const rows = [
    ["MANAGER", "REPORT", "STATUS", "LAST HELD", "NEXT", "REASON"],
    ...pairs.map((p) => [
      p.managerUpn,
      p.reportUpn,
      p.status,
      p.lastHeld?.slice(0, 10) ?? "-",
      p.nextScheduled?.slice(0, 10) ?? "-",
      p.reason,
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...r[i]!].length)));
  return `${rows
    .map((r) =>
      r
        .map((cell, i) =>
          i === r.length - 1 ? cell : cell.padEnd(widths[i]! + cell.length - [...cell].length),
        )
        .join("  "),
    )
    .join("\n")}\n`;
}
