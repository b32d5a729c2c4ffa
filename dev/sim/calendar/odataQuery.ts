// The OData query options and Prefer headers the calendar routes honour, parsed and checked as Graph does.
import { toIanaZone } from "../../../shared/domain/timeZone.js";
import { GraphError, type SimRequest } from "../types.js";
import { EVENT_PROPERTIES } from "./eventJson.js";

const MAX_RANGE_DAYS = 1825;
const DAY_MS = 86_400_000;

export interface Preferences {
  timeZone: string;
  /** Set when the client's outlook.timezone was understood (it is echoed in Preference-Applied). */
  timeZoneApplied: boolean;
  maxPageSize?: number;
}

/** `Prefer: outlook.timezone="…", odata.maxpagesize=N` (one header or several, comma-separated). */
export function parsePrefer(req: SimRequest): Preferences {
  const header = req.headers.prefer ?? "";
  const out: Preferences = { timeZone: "UTC", timeZoneApplied: false };
  for (const part of header.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)) {
    const [rawName, ...rest] = part.split("=");
    const name = rawName?.trim().toLowerCase();
    const value = rest.join("=").trim().replace(/^"|"$/g, "");
    if (name === "outlook.timezone" && value) {
      try {
        toIanaZone(value);
        out.timeZone = value;
        out.timeZoneApplied = true;
      } catch {
        // Graph falls back to UTC for a zone it does not know rather than failing the read.
      }
    } else if (name === "odata.maxpagesize" && /^\d+$/.test(value)) {
      out.maxPageSize = Math.max(1, Number(value));
    }
  }
  return out;
}

export function preferenceApplied(prefs: Preferences, pageSizeApplied: boolean): Record<string, string> {
  const applied: string[] = [];
  if (prefs.timeZoneApplied) applied.push(`outlook.timezone="${prefs.timeZone}"`);
  if (pageSizeApplied && prefs.maxPageSize !== undefined)
    applied.push(`odata.maxpagesize=${prefs.maxPageSize}`);
  return applied.length > 0 ? { "Preference-Applied": applied.join(", ") } : {};
}

/** `$select`: unknown names are a 400, as Graph answers. */
export function parseSelect(req: SimRequest): string[] | undefined {
  const raw = req.query.get("$select");
  if (raw === null || raw.trim() === "") return undefined;
  const names = raw.split(",").map((s) => s.trim());
  for (const name of names) {
    if (!EVENT_PROPERTIES.includes(name)) {
      throw new GraphError(
        400,
        "RequestBroker--ParseUri",
        `Could not find a property named '${name}' on type 'microsoft.graph.event'.`,
      );
    }
  }
  return names;
}

export type Order = { key: string; descending: boolean } | undefined;

const ORDERABLE = ["start/dateTime", "end/dateTime", "createdDateTime", "lastModifiedDateTime", "subject"];

/** `$orderby` on one of the properties Outlook sorts by. */
export function parseOrderBy(req: SimRequest): Order {
  const raw = req.query.get("$orderby");
  if (raw === null || raw.trim() === "") return undefined;
  const match = /^\s*([\w/]+)(?:\s+(asc|desc))?\s*$/i.exec(raw);
  if (!match || !ORDERABLE.includes(match[1]!)) {
    throw new GraphError(400, "ErrorInvalidUrlQuery", `The $orderby '${raw}' is not supported.`);
  }
  return { key: match[1]!, descending: match[2]?.toLowerCase() === "desc" };
}

export function sortEvents(events: Record<string, unknown>[], order: Order): Record<string, unknown>[] {
  if (!order) return events;
  const value = (e: Record<string, unknown>): string => {
    const [a, b] = order.key.split("/");
    const v = b ? (e[a!] as Record<string, unknown> | undefined)?.[b] : e[a!];
    return typeof v === "string" ? v : "";
  };
  const sign = order.descending ? -1 : 1;
  return [...events].sort((x, y) => {
    const a = value(x);
    const b = value(y);
    return a < b ? -sign : a > b ? sign : 0;
  });
}

type Predicate = (event: Record<string, unknown>) => boolean;

/**
 * A small `$filter`: `prop eq|ne 'text'|true|false|number`, on top-level or `a/b` properties, joined by `and`.
 * Anything richer is refused rather than ignored, so a client never gets unfiltered data by surprise.
 */
export function parseFilter(req: SimRequest): Predicate | undefined {
  const raw = req.query.get("$filter");
  if (raw === null || raw.trim() === "") return undefined;
  const clauses = raw.split(/\s+and\s+/i);
  const tests: Predicate[] = [];
  for (const clause of clauses) {
    const m = /^\s*([\w/]+)\s+(eq|ne)\s+('(?:[^']|'')*'|true|false|null|-?\d+(?:\.\d+)?)\s*$/i.exec(clause);
    if (!m)
      throw new GraphError(
        400,
        "ErrorInvalidUrlQueryFilter",
        `The $filter clause '${clause.trim()}' is not supported.`,
      );
    const path = m[1]!.split("/");
    const literal = m[3]!;
    const expected: unknown = literal.startsWith("'")
      ? literal.slice(1, -1).replaceAll("''", "'")
      : literal === "true"
        ? true
        : literal === "false"
          ? false
          : literal === "null"
            ? null
            : Number(literal);
    const negate = m[2]!.toLowerCase() === "ne";
    tests.push((event) => {
      let v: unknown = event;
      for (const step of path) v = (v as Record<string, unknown> | null | undefined)?.[step];
      const equal =
        typeof v === "string" && typeof expected === "string"
          ? v.toLowerCase() === expected.toLowerCase()
          : v === (expected ?? undefined) || v === expected;
      return negate ? !equal : equal;
    });
  }
  return (event) => tests.every((t) => t(event));
}

/** `$top`: Graph caps Outlook pages at 1000. */
export function parseTop(req: SimRequest): number | undefined {
  const raw = req.query.get("$top");
  if (raw === null) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    throw new GraphError(400, "BadRequest", `Invalid value '${raw}' for $top query option.`);
  }
  return Math.min(1000, Number(raw));
}

/**
 * `startDateTime`/`endDateTime`: required, ISO 8601; a value without offset is UTC (Prefer: outlook.timezone
 * does not apply to them, per the calendarView documentation).
 */
export function parseWindow(req: SimRequest): { start: Date; end: Date } {
  const rawStart = queryParam(req, "startDateTime");
  const rawEnd = queryParam(req, "endDateTime");
  if (!rawStart || !rawEnd) {
    throw new GraphError(
      400,
      "ErrorInvalidParameter",
      "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.",
    );
  }
  const start = parseInstant(rawStart, "StartDateTime");
  const end = parseInstant(rawEnd, "EndDateTime");
  if (end.getTime() < start.getTime()) {
    throw new GraphError(
      400,
      "ErrorInvalidParameter",
      "The parameter 'EndDateTime' must be after 'StartDateTime'.",
    );
  }
  if (end.getTime() - start.getTime() > MAX_RANGE_DAYS * DAY_MS) {
    throw new GraphError(
      400,
      "ErrorInvalidParameter",
      `The time range between StartDateTime and EndDateTime can't exceed ${MAX_RANGE_DAYS} days.`,
    );
  }
  return { start, end };
}

/** Graph matches these parameter names case-insensitively (its own examples write `startdatetime`). */
export function queryParam(req: SimRequest, name: string): string | null {
  const wanted = name.toLowerCase();
  for (const [key, value] of req.query) if (key.toLowerCase() === wanted) return value;
  return null;
}

function parseInstant(raw: string, name: string): Date {
  const hasOffset = /(Z|[+-]\d{2}:?\d{2})$/i.test(raw);
  const withOffset = hasOffset ? raw : `${raw}Z`;
  const date = /^\d{4}-\d{2}-\d{2}(T[\d:.]+)?(Z|[+-]\d{2}:?\d{2})$/i.test(withOffset)
    ? new Date(withOffset)
    : null;
  if (!date || Number.isNaN(date.getTime())) {
    throw new GraphError(
      400,
      "ErrorInvalidParameter",
      `The value '${raw}' of parameter '${name}' is invalid.`,
    );
  }
  return date;
}

export interface PageToken {
  offset: number;
  size: number;
}

export function encodeToken(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

export function decodeToken<T>(raw: string, check: (v: unknown) => v is T): T {
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
    if (check(value)) return value;
  } catch {
    // fall through to Graph's answer for a token it did not issue
  }
  throw new GraphError(400, "ErrorInvalidUrlQuery", "The $skiptoken or $deltatoken is invalid.");
}

export function isPageToken(v: unknown): v is PageToken {
  const t = v as PageToken;
  return (
    typeof t === "object" &&
    t !== null &&
    Number.isInteger(t.offset) &&
    t.offset >= 0 &&
    Number.isInteger(t.size) &&
    t.size > 0
  );
}

/** Absolute link back to this route with the same query, `name` replaced by `token` (what the SDKs follow). */
export function selfLink(
  req: SimRequest,
  name: "$skiptoken" | "$deltatoken",
  token: string,
  drop: string[] = [],
): string {
  const host = req.headers.host ?? "graph.microsoft.com";
  const params = new URLSearchParams();
  for (const [key, value] of req.query) {
    if (key === "$skiptoken" || key === "$deltatoken" || drop.includes(key)) continue;
    params.append(key, value);
  }
  params.set(name, token);
  return `https://${host}/v1.0${req.path}?${params.toString().replaceAll("%24", "$").replaceAll("%2F", "/").replaceAll("%3A", ":").replaceAll("%2C", ",")}`;
}

export function contextUrl(req: SimRequest, fragment: string): string {
  const host = req.headers.host ?? "graph.microsoft.com";
  return `https://${host}/v1.0/$metadata#${fragment}`;
}
