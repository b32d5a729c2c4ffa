// When to send a Graph request again, and after how long. Pure: the jitter source is an input.
import type { GraphErrorCode } from "./types.js";

export interface RetryPolicy {
  /** Attempts per request, the first one included. */
  maxAttempts: number;
  /** First backoff step when Graph gives no Retry-After; doubles per attempt. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Uniform [0, 1) — seeded in tests so delays are reproducible. */
  random: () => number;
}

/** What one attempt ended with: an HTTP status, or a connection failure's `code` (ECONNRESET…). */
export interface AttemptOutcome {
  status?: number;
  networkErrorCode?: string;
  retryAfterMs?: number;
}

export type RetryDecision =
  | { retry: true; delayMs: number }
  | {
      retry: false /** Set when the outcome was retryable but attempts ran out. */;
      exhausted?: GraphErrorCode;
    };

// Graph's throttling guidance: 429 always carries Retry-After; 503/504 are transient gateway/service failures.
const RETRYABLE_STATUSES = new Set([429, 503, 504]);
/** The `networkErrorCode` of an answer whose body is not the JSON it claims to be. */
export const MALFORMED_ANSWER = "EMALFORMED";

// Connection-level failures that say nothing about the request itself, so sending it again is safe for reads.
const RETRYABLE_NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  // A 2xx whose JSON body does not parse (cut or garbled on the way): the answer is lost like a dropped connection.
  MALFORMED_ANSWER,
]);

export function retryDecision(outcome: AttemptOutcome, attempt: number, policy: RetryPolicy): RetryDecision {
  const retryable =
    (outcome.status !== undefined && RETRYABLE_STATUSES.has(outcome.status)) ||
    (outcome.networkErrorCode !== undefined && RETRYABLE_NETWORK_CODES.has(outcome.networkErrorCode));
  if (!retryable) return { retry: false };
  if (attempt >= policy.maxAttempts) {
    return { retry: false, exhausted: outcome.status === 429 ? "GRAPH.THROTTLED" : "GRAPH.UNAVAILABLE" };
  }
  if (outcome.retryAfterMs !== undefined) return { retry: true, delayMs: Math.max(0, outcome.retryAfterMs) };
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  // "Equal jitter": at least half the step so retries still back off, the rest spread to avoid lockstep retries.
  return { retry: true, delayMs: Math.round(step / 2 + (step / 2) * policy.random()) };
}
