import { describe, expect, it } from "vitest";
import { type RetryPolicy, retryDecision } from "../../../shared/graph/retryDecision.js";

const policy = (random = 0.5, maxAttempts = 4): RetryPolicy => ({
  maxAttempts,
  baseDelayMs: 1000,
  maxDelayMs: 8000,
  random: () => random,
});

describe("retryDecision", () => {
  it("retries 429, 503 and 504 and honours Retry-After exactly", () => {
    for (const status of [429, 503, 504]) {
      expect(retryDecision({ status, retryAfterMs: 2500 }, 1, policy())).toEqual({
        retry: true,
        delayMs: 2500,
      });
    }
  });

  it("does not retry successes or other failures", () => {
    for (const status of [200, 400, 401, 403, 404, 409, 410, 500, 502]) {
      expect(retryDecision({ status }, 1, policy())).toEqual({ retry: false });
    }
  });

  it("retries connection resets but not unknown errors", () => {
    expect(retryDecision({ networkErrorCode: "ECONNRESET" }, 1, policy()).retry).toBe(true);
    expect(retryDecision({ networkErrorCode: "EPIPE" }, 1, policy()).retry).toBe(true);
    expect(retryDecision({ networkErrorCode: "ERR_INVALID_ARG_TYPE" }, 1, policy()).retry).toBe(false);
    expect(retryDecision({}, 1, policy()).retry).toBe(false);
  });

  it("backs off exponentially with jitter between half and all of the step, capped", () => {
    const low = policy(0);
    const high = policy(0.999_999, 10);
    expect(retryDecision({ status: 503 }, 1, low)).toEqual({ retry: true, delayMs: 500 });
    expect(retryDecision({ status: 503 }, 2, low)).toEqual({ retry: true, delayMs: 1000 });
    expect(retryDecision({ status: 503 }, 3, low)).toEqual({ retry: true, delayMs: 2000 });
    expect(retryDecision({ status: 503 }, 1, high)).toEqual({ retry: true, delayMs: 1000 });
    // 2^6 s would be 64 s; the cap is 8 s.
    expect(retryDecision({ status: 503 }, 7, high)).toEqual({ retry: true, delayMs: 8000 });
  });

  it("is reproducible for the same jitter source", () => {
    const a = retryDecision({ status: 504 }, 2, policy(0.3));
    const b = retryDecision({ status: 504 }, 2, policy(0.3));
    expect(a).toEqual(b);
  });

  it("stops after maxAttempts and names why", () => {
    expect(retryDecision({ status: 429, retryAfterMs: 1 }, 4, policy())).toEqual({
      retry: false,
      exhausted: "GRAPH.THROTTLED",
    });
    expect(retryDecision({ status: 503 }, 4, policy())).toEqual({
      retry: false,
      exhausted: "GRAPH.UNAVAILABLE",
    });
    expect(retryDecision({ networkErrorCode: "ECONNRESET" }, 4, policy())).toEqual({
      retry: false,
      exhausted: "GRAPH.UNAVAILABLE",
    });
  });
});
