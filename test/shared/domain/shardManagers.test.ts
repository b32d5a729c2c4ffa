import { describe, expect, it } from "vitest";
import { ShardSizeError, shardManagers } from "../../../shared/domain/shardManagers.js";

const ids = (n: number) => Array.from({ length: n }, (_, i) => `m-${String(i).padStart(3, "0")}`);

describe("shardManagers", () => {
  it("cuts managers into shards of at most 20, one Graph $batch each", () => {
    const shards = shardManagers(ids(45));
    expect(shards.map((s) => s.length)).toEqual([20, 20, 5]);
    expect(shards.flat()).toEqual(ids(45));
  });

  it("gives the same shards whatever order the managers come in (stable across runs)", () => {
    const shuffled = [...ids(45)].reverse();
    expect(shardManagers(shuffled)).toEqual(shardManagers(ids(45)));
  });

  it("puts a manager in one shard even when listed once per report", () => {
    expect(shardManagers(["b", "a", "b", "a", "c"])).toEqual([["a", "b", "c"]]);
  });

  it("returns no shard for no manager", () => {
    expect(shardManagers([])).toEqual([]);
  });

  it("accepts smaller shards and rejects sizes a $batch cannot carry", () => {
    expect(shardManagers(ids(5), 2).map((s) => s.length)).toEqual([2, 2, 1]);
    expect(() => shardManagers(ids(5), 21)).toThrow(ShardSizeError);
    expect(() => shardManagers(ids(5), 0)).toThrow(expect.objectContaining({ code: "SHARD.INVALID_SIZE" }));
  });
});
