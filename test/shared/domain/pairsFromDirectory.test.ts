import { describe, expect, it } from "vitest";
import { managerReportPairSchema } from "../../../shared/domain/managerReportPair.js";
import {
  type DirectoryUser,
  directoryUserSchema,
  pairExclusionsSchema,
  pairsFromDirectory,
} from "../../../shared/domain/pairsFromDirectory.js";

const mara: DirectoryUser = {
  id: "m-1",
  userPrincipalName: "mara@contoso.com",
  mail: "mara.rossi@contoso.com",
  accountEnabled: true,
  managerId: null,
};
const rui: DirectoryUser = {
  id: "r-1",
  userPrincipalName: "rui@contoso.com",
  mail: null,
  accountEnabled: true,
  managerId: "m-1",
};
const ines: DirectoryUser = {
  id: "i-1",
  userPrincipalName: "ines@contoso.com",
  mail: "ines@contoso.com",
  accountEnabled: true,
  managerId: "m-1",
};

describe("pairsFromDirectory", () => {
  it("pairs each report with their manager, carrying ids, UPNs and mail", () => {
    expect(pairsFromDirectory([mara, rui])).toEqual([
      {
        managerId: "m-1",
        managerUpn: "mara@contoso.com",
        managerMail: "mara.rossi@contoso.com",
        reportId: "r-1",
        reportUpn: "rui@contoso.com",
        reportMail: null,
        exclusion: null,
      },
    ]);
  });

  it("uses the report's current manager: a later record of the same user (delta) replaces the earlier one", () => {
    const tomas: DirectoryUser = { ...mara, id: "t-1", userPrincipalName: "tomas@contoso.com", mail: null };
    const pairs = pairsFromDirectory([mara, tomas, rui, { ...rui, managerId: "t-1" }]);
    expect(pairs.map((p) => [p.managerId, p.reportId])).toEqual([["t-1", "r-1"]]);
  });

  it("makes no pair for a user without a manager", () => {
    expect(pairsFromDirectory([mara])).toEqual([]);
    expect(pairsFromDirectory([mara, { ...rui, managerId: undefined }])).toEqual([]);
  });

  it("makes no pair when the report's account is disabled", () => {
    expect(pairsFromDirectory([mara, { ...rui, accountEnabled: false }])).toEqual([]);
  });

  it("makes no pair when the manager's account is disabled", () => {
    expect(pairsFromDirectory([{ ...mara, accountEnabled: false }, rui])).toEqual([]);
  });

  it("treats an unselected accountEnabled (null or missing) as enabled", () => {
    expect(
      pairsFromDirectory([
        { ...mara, accountEnabled: null },
        { ...rui, accountEnabled: undefined },
      ]),
    ).toHaveLength(1);
  });

  it("makes no pair when the manager is not in the directory read, or is the user themself", () => {
    expect(pairsFromDirectory([rui])).toEqual([]);
    expect(pairsFromDirectory([{ ...mara, managerId: "m-1" }])).toEqual([]);
  });

  it("orders pairs by manager id, then report id, whatever the directory order", () => {
    const pairs = pairsFromDirectory([rui, ines, mara]);
    expect(pairs.map((p) => p.reportId)).toEqual(["i-1", "r-1"]);
  });

  it("marks a pair excluded when the report opted out (by UPN, case-insensitive)", () => {
    const [pair] = pairsFromDirectory([mara, rui], { optedOutUsers: ["RUI@contoso.com"] });
    expect(pair?.exclusion).toEqual({ code: "optedOut", detail: "report rui@contoso.com opted out" });
  });

  it("marks every pair of a manager who opted out (by mail) excluded", () => {
    const pairs = pairsFromDirectory([mara, rui, ines], { optedOutUsers: ["mara.rossi@contoso.com"] });
    expect(pairs.map((p) => p.exclusion?.code)).toEqual(["optedOut", "optedOut"]);
    expect(pairs[0]?.exclusion?.detail).toBe("manager mara@contoso.com opted out");
  });

  it("marks a pair excluded by configuration (user id)", () => {
    const pairs = pairsFromDirectory([mara, rui, ines], { excludedUsers: ["i-1"] });
    expect(pairs.find((p) => p.reportId === "i-1")?.exclusion).toEqual({
      code: "excludedUser",
      detail: "report ines@contoso.com excluded by configuration",
    });
    expect(pairs.find((p) => p.reportId === "r-1")?.exclusion).toBeNull();
  });

  it("marks a pair excluded when a side is in an excluded group", () => {
    const [pair] = pairsFromDirectory([mara, rui], {
      excludedGroups: [{ name: "Works council", memberIds: ["r-1"] }],
    });
    expect(pair?.exclusion).toEqual({
      code: "excludedGroup",
      detail: "report rui@contoso.com is in excluded group Works council",
    });
  });

  it("prefers the opt-out over configuration when both apply", () => {
    const [pair] = pairsFromDirectory([mara, rui], { excludedUsers: ["r-1"], optedOutUsers: ["r-1"] });
    expect(pair?.exclusion?.code).toBe("optedOut");
  });
});

describe("directory schemas", () => {
  it("validate a Graph user read and the exclusions configuration", () => {
    expect(
      directoryUserSchema.safeParse({ id: "u", userPrincipalName: "u@contoso.com", managerId: null }).success,
    ).toBe(true);
    expect(directoryUserSchema.safeParse({ id: "", userPrincipalName: "u@contoso.com" }).success).toBe(false);
    expect(pairExclusionsSchema.parse({})).toEqual({
      excludedUsers: [],
      optedOutUsers: [],
      excludedGroups: [],
    });
    expect(pairExclusionsSchema.safeParse({ excludedGroups: [{ name: "HR" }] }).success).toBe(false);
  });

  it("every pair it makes satisfies managerReportPairSchema (shard messages carry pairs)", () => {
    for (const p of pairsFromDirectory([mara, rui, ines], { optedOutUsers: ["r-1"] })) {
      expect(managerReportPairSchema.parse(p)).toEqual(p);
    }
  });
});
