// The Table Storage half of a crash case's end state: every row of the tables under one prefix, without what
// Table Storage itself stamps (ETag, Timestamp), so two runs' stores compare with toEqual.
import { isDeepStrictEqual } from "node:util";
import { TableClient, TableServiceClient } from "@azure/data-tables";

export type TableRows = Record<string, Record<string, unknown>[]>;

/**
 * Rows of every table whose name starts with `prefix`, keyed by the name without it, sorted by key. `ignore` names
 * columns that legitimately hold the run's wall time; `rewrite` may normalise a row further (e.g. JSON `data`).
 */
export async function tableRows(
  connection: string,
  prefix: string,
  options: {
    ignore?: readonly string[];
    rewrite?: (table: string, row: Record<string, unknown>) => unknown;
  } = {},
): Promise<TableRows> {
  const service = TableServiceClient.fromConnectionString(connection, { allowInsecureConnection: true });
  const names: string[] = [];
  for await (const t of service.listTables()) if (t.name?.startsWith(prefix)) names.push(t.name);
  const out: TableRows = {};
  for (const name of names.sort()) {
    const client = TableClient.fromConnectionString(connection, name, { allowInsecureConnection: true });
    const rows: Record<string, unknown>[] = [];
    for await (const e of client.listEntities()) {
      const { etag: _etag, timestamp: _timestamp, ...row } = e as Record<string, unknown>;
      for (const column of options.ignore ?? []) delete row[column];
      const table = name.slice(prefix.length);
      rows.push((options.rewrite?.(table, row) ?? row) as Record<string, unknown>);
    }
    rows.sort((a, b) =>
      `${a.partitionKey}\u0000${a.rowKey}`.localeCompare(`${b.partitionKey}\u0000${b.rowKey}`),
    );
    out[name.slice(prefix.length)] = rows;
  }
  return out;
}

/** Rows missing, extra or different in `got` compared with `want`, table by table (`missing T key`, `different T key: fields`, `extra T key`). */
export function diffRows(want: TableRows, got: TableRows): string[] {
  const out: string[] = [];
  const key = (r: Record<string, unknown>) => `${r.partitionKey}/${r.rowKey}`;
  for (const table of new Set([...Object.keys(want), ...Object.keys(got)])) {
    const a = new Map((want[table] ?? []).map((r) => [key(r), r]));
    const b = new Map((got[table] ?? []).map((r) => [key(r), r]));
    for (const [k, r] of a) {
      if (!b.has(k)) out.push(`missing ${table} ${k}`);
      else if (!isDeepStrictEqual(r, b.get(k)))
        out.push(`different ${table} ${k}: ${fieldsDiffering(r, b.get(k)!)}`);
    }
    for (const k of b.keys()) if (!a.has(k)) out.push(`extra ${table} ${k}`);
  }
  return out;
}

function fieldsDiffering(a: Record<string, unknown>, b: Record<string, unknown>, path = ""): string {
  const out: string[] = [];
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[k];
    const y = b[k];
    if (isDeepStrictEqual(x, y)) continue;
    if (x && y && typeof x === "object" && typeof y === "object" && !Array.isArray(x)) {
      out.push(fieldsDiffering(x as Record<string, unknown>, y as Record<string, unknown>, `${path}${k}.`));
    } else out.push(`${path}${k} ${JSON.stringify(x)?.slice(0, 80)} → ${JSON.stringify(y)?.slice(0, 80)}`);
  }
  return out.join("; ");
}
