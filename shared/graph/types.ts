// Contracts of the Graph gateway: what the scan's readers get from it, and what the readers return.
import type { AppError } from "../errors.js";

/** The `code`s a Graph failure is normalised to (see toAppError). */
export type GraphErrorCode =
  | "GRAPH.BAD_REQUEST"
  | "GRAPH.UNAUTHORIZED"
  | "GRAPH.FORBIDDEN"
  | "GRAPH.NOT_FOUND"
  | "GRAPH.MAILBOX_NOT_ENABLED"
  | "GRAPH.SYNC_STATE_EXPIRED"
  | "GRAPH.THROTTLED"
  | "GRAPH.UNAVAILABLE"
  | "GRAPH.UNEXPECTED";

export type HttpMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

/** One request inside a `$batch`. `url` may be relative (`/users/…`) or absolute (a nextLink); it is sent relative. */
export interface BatchRequest {
  method: HttpMethod;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  /**
   * Safe to send again after a 503/504 or a dropped connection, when Graph may already have applied it. Defaults
   * by method (see isRetrySafe): GET/PUT/DELETE yes, POST only with a `transactionId` in its body, PATCH no. Set
   * it for writes that only set absolute values (a subscription renewal) or POST actions that only read
   * (getSchedule). A 429 is always re-sent: Graph did not process a throttled request.
   */
  retrySafe?: boolean;
}

/** Options of a top-level write. */
export interface WriteOptions {
  headers?: Record<string, string>;
  /** As BatchRequest.retrySafe. */
  retrySafe?: boolean;
}

/** One answer from a `$batch`, in the order of the requests; throttling was already retried. */
export type BatchResult =
  | { ok: true; status: number; headers: Record<string, string>; body: unknown }
  | { ok: false; status: number; error: AppError };

/** What the gateway sent, for `stats` and the benchmark. */
export interface GraphStats {
  /** Graph requests as Graph's throttling counts them: every top-level request and every request inside a batch. */
  requests: number;
  /** HTTP round trips to Graph (a `$batch` counts once). */
  httpRequests: number;
  batches: number;
  /** Requests sent again after a 429/503/504 or a connection reset (each inner batch request counts). */
  retries: number;
  throttled: number;
  bytesSent: number;
  bytesReceived: number;
  /** Token requests that reached the token endpoint (msal answered the others from its cache). */
  tokenRequests: number;
}

export interface GraphGateway {
  /** `https://host/v1.0`, without a trailing slash. */
  readonly graphBaseUrl: string;
  /** GET one resource or page. `url` is relative to graphBaseUrl or an absolute nextLink/deltaLink. */
  get<T>(url: string, headers?: Record<string, string>): Promise<T>;
  /**
   * POST to `url` (relative to graphBaseUrl). Re-sent after a 429 always; after a 503/504 or a dropped connection
   * only when retry-safe (a `transactionId` in the body, or `retrySafe`), since Graph may have applied it.
   */
  post<T>(url: string, body: unknown, options?: WriteOptions): Promise<T>;
  /** PATCH, retried like post (not retry-safe unless said so). */
  patch<T>(url: string, body: unknown, options?: WriteOptions): Promise<T>;
  /** DELETE: idempotent, so retried like a GET. */
  delete(url: string, options?: WriteOptions): Promise<void>;
  /**
   * Sends ≤ 20 requests as one `$batch`, re-sending only the throttled ones and, after a 503/504, the retry-safe
   * ones; one result per request, same order.
   */
  batch(requests: readonly BatchRequest[]): Promise<BatchResult[]>;
  stats(): GraphStats;
}
