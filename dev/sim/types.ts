// Contracts between the simulator's HTTPS core (dev/sim/server.ts) and the Graph areas it serves
// (directory, calendar, schedule…). Every area exports `GraphRoute[]`; the core authenticates, throttles,
// records, validates and dispatches both top-level and `$batch` requests through the same table.

/** A Graph request after the core has parsed it. `path` has no `/v1.0` prefix and no query string. */
export interface SimRequest {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  path: string;
  /** Path parameters from the route pattern, URI-decoded. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: unknown;
  /** The calling application (client id) and its application permissions (token `roles`). */
  appId: string;
  roles: readonly string[];
}

export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  /** JSON-serialisable body; undefined for 204/202. */
  body?: unknown;
}

export interface GraphRoute {
  method: SimRequest["method"];
  /** e.g. `/users/{id}/calendarView`; `{name}` matches one path segment. */
  pattern: string;
  /** The caller needs at least one of these application permissions, else Graph's 403. */
  permissions: readonly string[];
  /** Name of the path parameter that identifies the mailbox, for Outlook's per-mailbox concurrency limit. */
  mailboxParam?: string;
  /**
   * The `../shared/graph-schema` definition the response body is checked against in tests, e.g.
   * `microsoft.graph.eventCollectionResponse.strict` or `microsoft.graph.user.strict`.
   */
  responseSchema?: string;
  /** The definition a request body must satisfy (checked in tests), e.g. `microsoft.graph.event.strict`. */
  requestSchema?: string;
  handler: (req: SimRequest) => SimResponse | Promise<SimResponse>;
}

/** Graph's error shape: `{"error":{"code","message","innerError"}}`. Throw it from a handler. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The simulator's controllable clock; starts at the fixture's `now`. */
export interface SimClock {
  now(): Date;
  set(instant: Date): void;
  advance(ms: number): void;
}

/** Deterministic id source: the same seed gives the same ids in the same order. */
export interface IdSource {
  next(kind: string): string;
}
