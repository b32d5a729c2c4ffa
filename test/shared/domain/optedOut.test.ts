import { describe, expect, it } from "vitest";
import { optedOut } from "../../../shared/domain/optedOut.js";

const pair = {
  managerId: "0a1b-manager",
  managerUpn: "Ana.Manager@contoso.example",
  reportId: "9f8e-report",
  reportUpn: "bo@contoso.example",
};

describe("optedOut", () => {
  it("names either side by object id or UPN, in any case", () => {
    expect(optedOut(pair, ["ana.manager@CONTOSO.example"])).toBe(true);
    expect(optedOut(pair, ["9F8E-REPORT"])).toBe(true);
    expect(optedOut(pair, ["0a1b-manager", "someone@contoso.example"])).toBe(true);
  });

  it("leaves the pair alone when neither side is listed", () => {
    expect(optedOut(pair, [])).toBe(false);
    expect(optedOut(pair, ["ana@contoso.example", "0a1b"])).toBe(false);
  });
});
