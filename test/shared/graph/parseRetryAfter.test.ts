import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "../../../shared/graph/parseRetryAfter.js";

const now = new Date("2026-11-25T09:00:00Z");

describe("parseRetryAfter", () => {
  it("reads delta-seconds, fractions included, as milliseconds", () => {
    expect(parseRetryAfter("10", now)).toBe(10_000);
    expect(parseRetryAfter("0.25", now)).toBe(250);
    expect(parseRetryAfter(" 3 ", now)).toBe(3000);
    expect(parseRetryAfter("0", now)).toBe(0);
  });

  it("reads an HTTP-date relative to now, never negative", () => {
    expect(parseRetryAfter("Wed, 25 Nov 2026 09:00:07 GMT", now)).toBe(7000);
    expect(parseRetryAfter("Wed, 25 Nov 2026 08:59:00 GMT", now)).toBe(0);
  });

  it("gives undefined for absent or unreadable values so the caller backs off instead", () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter("", now)).toBeUndefined();
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter("12abc", now)).toBeUndefined();
  });
});
