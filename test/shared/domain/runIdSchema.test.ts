import { describe, expect, it } from "vitest";
import { newRunId } from "../../../shared/domain/newRunId.js";
import { runIdSchema } from "../../../shared/domain/runIdSchema.js";

describe("runIdSchema", () => {
  it("accepts every id newRunId makes, whatever the suffix", () => {
    for (const suffix of ["test", "a1b2c3d4", "ü/#?\\ x", ""])
      expect(runIdSchema.safeParse(newRunId(new Date("2026-11-25T09:00:00Z"), suffix)).success).toBe(true);
  });

  it("refuses what is no run id, above all what Table Storage forbids in a row key", () => {
    for (const id of [
      "",
      "nope",
      "../../admin",
      "8235786359999-a/b",
      "8235786359999-#",
      "8235786359999-\u0001",
    ])
      expect(runIdSchema.safeParse(id).success).toBe(false);
  });
});
