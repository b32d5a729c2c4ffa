import { describe, expect, it } from "vitest";
import { parseProposalId, proposalId } from "../../../shared/domain/proposalId.js";

describe("proposalId", () => {
  it("names the pair and generation reversibly and URL-safely", () => {
    const id = proposalId("a/b?c#d", "é.ü", 3);
    expect(id).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(parseProposalId(id)).toEqual({ managerId: "a/b?c#d", reportId: "é.ü", generation: 3 });
  });

  it("rejects malformed ids", () => {
    expect(parseProposalId("p0.YQ.Yg")).toBeUndefined();
    expect(parseProposalId("x1.YQ.Yg")).toBeUndefined();
    expect(parseProposalId("p1.YQ")).toBeUndefined();
    expect(parseProposalId("p1.YQ=.Yg")).toBeUndefined();
  });
});
