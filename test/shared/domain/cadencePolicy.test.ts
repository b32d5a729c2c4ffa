import { describe, expect, it } from "vitest";
import { cadencePolicySchema, defaultCadencePolicy } from "../../../shared/domain/cadencePolicy.js";

describe("cadencePolicy", () => {
  it("defaults to DESIGN.md: target 14, floor 31, lookback 90, lookahead 35, tolerance 3, new series 30 min weekly-2 no end", () => {
    expect(defaultCadencePolicy).toEqual({
      targetDays: 14,
      floorDays: 31,
      lookbackDays: 90,
      lookaheadDays: 35,
      toleranceDays: 3,
      newSeries: { durationMinutes: 30, weeklyInterval: 2, numberOfOccurrences: null },
    });
  });

  it("keeps the defaults for what a configuration leaves out", () => {
    const policy = cadencePolicySchema.parse({ targetDays: 7, newSeries: { durationMinutes: 45 } });
    expect(policy.targetDays).toBe(7);
    expect(policy.floorDays).toBe(31);
    expect(policy.newSeries).toEqual({ durationMinutes: 45, weeklyInterval: 2, numberOfOccurrences: null });
  });

  it("rejects thresholds that would make statuses overlap (target + tolerance beyond the floor)", () => {
    const result = cadencePolicySchema.safeParse({ targetDays: 30, toleranceDays: 3 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["floorDays"]);
  });

  it("rejects a floor longer than the lookback, and non-positive or fractional days", () => {
    expect(cadencePolicySchema.safeParse({ lookbackDays: 20 }).success).toBe(false);
    expect(cadencePolicySchema.safeParse({ lookaheadDays: 0 }).success).toBe(false);
    expect(cadencePolicySchema.safeParse({ targetDays: 14.5 }).success).toBe(false);
    expect(cadencePolicySchema.safeParse({ newSeries: { weeklyInterval: 0 } }).success).toBe(false);
  });
});
