import { describe, expect, it } from "vitest";
import { applyUsersDelta } from "../../../shared/domain/applyUsersDelta.js";

const stored = [
  { id: "a", userPrincipalName: "a@c.com", mail: "a@c.com", managerId: null, department: "Sales" },
  { id: "b", userPrincipalName: "b@c.com", mail: "b@c.com", managerId: "a", department: "Sales" },
  { id: "c", userPrincipalName: "c@c.com", mail: "c@c.com", managerId: "a", department: "Ops" },
];

describe("applyUsersDelta", () => {
  it("changes only the properties present, follows manager changes, drops removed users, adds new ones", () => {
    const next = applyUsersDelta(stored, [
      { id: "B", department: "Ops" }, // ids compare case-insensitively; manager absent = unchanged
      { id: "c", manager: null },
      { id: "a", "@removed": { reason: "deleted" } },
      { id: "d", userPrincipalName: "d@c.com", mail: null, manager: { id: "b" } },
    ]);
    expect(next).toEqual([
      { id: "b", userPrincipalName: "b@c.com", mail: "b@c.com", managerId: "a", department: "Ops" },
      { id: "c", userPrincipalName: "c@c.com", mail: "c@c.com", managerId: null, department: "Ops" },
      { id: "d", userPrincipalName: "d@c.com", mail: null, managerId: "b" },
    ]);
    expect(stored[1]!.department).toBe("Sales");
  });
});
