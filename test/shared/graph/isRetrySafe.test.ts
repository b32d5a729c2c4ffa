import { describe, expect, it } from "vitest";
import { isRetrySafe } from "../../../shared/graph/isRetrySafe.js";

describe("isRetrySafe", () => {
  it("says yes for reads and idempotent methods, for a POST only with a transactionId, for PATCH only when told", () => {
    expect(isRetrySafe("GET", undefined)).toBe(true);
    expect(isRetrySafe("DELETE", undefined)).toBe(true);
    expect(isRetrySafe("PUT", { a: 1 })).toBe(true);
    expect(isRetrySafe("POST", { subject: "x" })).toBe(false);
    expect(isRetrySafe("POST", { transactionId: "" })).toBe(false);
    expect(isRetrySafe("POST", { transactionId: "t-1" })).toBe(true);
    expect(isRetrySafe("POST", undefined)).toBe(false);
    expect(isRetrySafe("PATCH", { expirationDateTime: "x" })).toBe(false);
    expect(isRetrySafe("PATCH", {}, true)).toBe(true);
    expect(isRetrySafe("POST", { transactionId: "t-1" }, false)).toBe(false);
  });
});
