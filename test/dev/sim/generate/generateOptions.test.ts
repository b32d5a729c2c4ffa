import { describe, expect, it } from "vitest";
import {
  DEFAULT_GENERATE_NOW,
  GenerateSpecError,
  generateOptionsSchema,
  parseGenerateSpec,
} from "../../../../dev/sim/generate/generateOptions.js";

describe("parseGenerateSpec", () => {
  it("reads the CLI's users=N,seed=S form and defaults now", () => {
    expect(parseGenerateSpec("users=300,seed=7")).toEqual({ users: 300, seed: 7, now: DEFAULT_GENERATE_NOW });
  });

  it("accepts spaces, any order and an explicit now", () => {
    expect(parseGenerateSpec(" seed=0 , users=10, now=2027-01-04T08:00:00Z")).toEqual({
      users: 10,
      seed: 0,
      now: "2027-01-04T08:00:00Z",
    });
  });

  it.each([
    ["users=300", /seed/],
    ["users=abc,seed=1", /users/],
    ["users=5,seed=1", /users.*10/],
    ["users=300,seed=-1", /seed/],
    ["users=300,seed=1,colour=red", /unknown key "colour"/],
    ["users=300,users=301,seed=1", /"users" given twice/],
    ["users300,seed=1", /not key=value/],
    ["users=300,seed=1,now=yesterday", /now/],
  ])("rejects %s with a GENERATE.BAD_SPEC error naming the problem", (spec, message) => {
    let error: unknown;
    try {
      parseGenerateSpec(spec);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GenerateSpecError);
    expect((error as GenerateSpecError).code).toBe("GENERATE.BAD_SPEC");
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain(spec);
  });
});

describe("generateOptionsSchema", () => {
  it("bounds users and seed", () => {
    expect(generateOptionsSchema.safeParse({ users: 10, seed: 0 }).success).toBe(true);
    expect(generateOptionsSchema.safeParse({ users: 100_000, seed: 0xffffffff }).success).toBe(true);
    expect(generateOptionsSchema.safeParse({ users: 9, seed: 0 }).success).toBe(false);
    expect(generateOptionsSchema.safeParse({ users: 100_001, seed: 0 }).success).toBe(false);
    expect(generateOptionsSchema.safeParse({ users: 10.5, seed: 0 }).success).toBe(false);
    expect(generateOptionsSchema.safeParse({ users: 10, seed: 2 ** 32 }).success).toBe(false);
  });
});
