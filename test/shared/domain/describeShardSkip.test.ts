import { describe, expect, it } from "vitest";
import { describeShardSkip } from "../../../shared/domain/describeShardSkip.js";

describe("describeShardSkip", () => {
  it("counts shards from 1 and says how many pairs are missing", () => {
    expect(describeShardSkip({ shardIndex: 0, pairs: 1, reason: "x" })).toBe("shard 1 (1 pair): x");
    expect(describeShardSkip({ shardIndex: 2, pairs: 12, reason: "failed" })).toBe(
      "shard 3 (12 pairs): failed",
    );
    expect(describeShardSkip({ shardIndex: 4, pairs: null, reason: "malformed" })).toBe(
      "shard 5 (pairs unknown): malformed",
    );
  });
});
