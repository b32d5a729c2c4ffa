import { describe, expect, it } from "vitest";
import { Directory } from "../../../../dev/sim/directory/directory.js";
import { DirectoryFixtureError } from "../../../../dev/sim/directory/directoryFixtureError.js";
import { toGraphTimeOfDay } from "../../../../dev/sim/directory/mailboxSettings.js";
import { GraphError } from "../../../../dev/sim/types.js";
import { countingIds, directoryOf, fixedClock, fixtureUser, org } from "./directoryTestKit.js";

function loadError(users: ReturnType<typeof fixtureUser>[]): DirectoryFixtureError {
  try {
    directoryOf(users);
  } catch (err) {
    if (err instanceof DirectoryFixtureError) return err;
    throw err;
  }
  throw new Error("fixture loaded; expected a DirectoryFixtureError");
}

describe("Directory lookups", () => {
  const directory = directoryOf([
    fixtureUser({ id: "AAA-1", userPrincipalName: "Ada@Contoso.example", mail: "ada.l@contoso.example" }),
    fixtureUser({ id: "bbb-2", managerId: "ada@contoso.example", accountEnabled: false }),
    fixtureUser({ id: "ccc-3", managerId: "AAA-1", hasMailbox: false }),
  ]);

  it("finds a user by id, UPN or mail, ignoring case", () => {
    expect(directory.get("aaa-1")?.id).toBe("AAA-1");
    expect(directory.get("ADA@contoso.EXAMPLE")?.id).toBe("AAA-1");
    expect(directory.get("Ada.L@contoso.example")?.id).toBe("AAA-1");
    expect(directory.get("nobody@contoso.example")).toBeUndefined();
  });

  it("fails require() with Graph's 404 for an unknown user", () => {
    expect(() => directory.require("ghost")).toThrow(GraphError);
    try {
      directory.require("ghost");
    } catch (err) {
      expect(err).toMatchObject({
        status: 404,
        code: "Request_ResourceNotFound",
        message:
          "Resource 'ghost' does not exist or one of its queried reference-property objects are not present.",
      });
    }
  });

  it("fails requireMailbox() for a user without an Exchange Online mailbox", () => {
    expect(directory.requireMailbox("AAA-1").id).toBe("AAA-1");
    expect(() => directory.requireMailbox("ccc-3")).toThrow(
      expect.objectContaining({ status: 404, code: "MailboxNotEnabledForRESTAPI" }),
    );
  });

  it("resolves a managerId given as a UPN and keeps disabled accounts", () => {
    expect(directory.managerOf("bbb-2")?.id).toBe("AAA-1");
    expect(directory.managerOf("AAA-1")).toBeUndefined();
    expect(directory.directReportsOf("AAA-1").map((u) => u.id)).toEqual(["bbb-2", "ccc-3"]);
    expect(directory.get("bbb-2")?.accountEnabled).toBe(false);
    expect(directory.all().map((u) => u.id)).toEqual(["AAA-1", "bbb-2", "ccc-3"]);
  });
});

describe("Directory mailbox settings", () => {
  it("defaults like Exchange: UTC, Monday to Friday 08:00–17:00", () => {
    const directory = directoryOf([fixtureUser({ id: "a" })]);
    expect(directory.timeZoneOf("a")).toBe("UTC");
    expect(directory.workingHoursOf("a")).toEqual({
      daysOfWeek: ["monday", "tuesday", "wednesday", "thursday", "friday"],
      startTime: "08:00:00.0000000",
      endTime: "17:00:00.0000000",
      timeZone: { name: "UTC" },
    });
  });

  it("keeps Windows and IANA names as stored and fills the working hours' zone from the mailbox", () => {
    const directory = directoryOf([
      fixtureUser({
        id: "rome",
        mailboxSettings: {
          timeZone: "W. Europe Standard Time",
          workingHours: { daysOfWeek: ["monday", "wednesday"], startTime: "09:30", endTime: "13:00:00" },
        },
      }),
      fixtureUser({
        id: "tokyo",
        mailboxSettings: {
          timeZone: "Asia/Tokyo",
          workingHours: {
            daysOfWeek: ["tuesday"],
            startTime: "10:00:00.0000000",
            endTime: "18:00:00.0000000",
            timeZone: { name: "Tokyo Standard Time" },
          },
        },
      }),
    ]);
    expect(directory.timeZoneOf("rome")).toBe("W. Europe Standard Time");
    expect(directory.workingHoursOf("rome")).toEqual({
      daysOfWeek: ["monday", "wednesday"],
      startTime: "09:30:00.0000000",
      endTime: "13:00:00.0000000",
      timeZone: { name: "W. Europe Standard Time" },
    });
    expect(directory.timeZoneOf("tokyo")).toBe("Asia/Tokyo");
    expect(directory.workingHoursOf("tokyo").timeZone).toEqual({ name: "Tokyo Standard Time" });
  });

  it("writes times of day as Graph does", () => {
    expect(toGraphTimeOfDay("8:05")).toBe("08:05:00.0000000");
    expect(toGraphTimeOfDay("17:30:15.25")).toBe("17:30:15.2500000");
  });
});

describe("Directory fixture validation", () => {
  it("names the user and field of an unknown managerId", () => {
    const err = loadError([fixtureUser({ id: "a" }), fixtureUser({ id: "b", managerId: "zed" })]);
    expect(err.code).toBe("SIM.DIRECTORY_INVALID");
    expect(err.path).toBe("users[1].managerId");
    expect(err.message).toContain("'zed'");
  });

  it("rejects duplicate ids and UPNs (case-insensitive)", () => {
    expect(
      loadError([fixtureUser({ id: "a" }), fixtureUser({ id: "A", userPrincipalName: "x@c.example" })]).path,
    ).toBe("users[1].id");
    const dupUpn = loadError([
      fixtureUser({ id: "a", userPrincipalName: "same@c.example", mail: null }),
      fixtureUser({ id: "b", userPrincipalName: "SAME@c.example", mail: null }),
    ]);
    expect(dupUpn.path).toBe("users[1].userPrincipalName");
    expect(dupUpn.message).toContain("users[0]");
  });

  it("rejects manager cycles, naming a user on the cycle and the chain", () => {
    const err = loadError([
      fixtureUser({ id: "top" }),
      fixtureUser({ id: "a", managerId: "c" }),
      fixtureUser({ id: "b", managerId: "a" }),
      fixtureUser({ id: "c", managerId: "b" }),
    ]);
    expect(err.path).toMatch(/^users\[[123]\]\.managerId$/);
    expect(err.message).toContain("manager cycle");
    expect(err.message).toContain("a@contoso.example");
    expect(loadError([fixtureUser({ id: "self", managerId: "self" })]).path).toBe("users[0].managerId");
  });

  it("rejects properties Graph's user doesn't have and unknown time zones", () => {
    expect(loadError([fixtureUser({ id: "a", managerID: "b" })]).path).toBe("users[0].managerID");
    expect(loadError([fixtureUser({ id: "a", mailboxSettings: { timeZone: "Mars/Olympus" } })]).path).toBe(
      "users[0].mailboxSettings.timeZone",
    );
    expect(
      loadError([
        fixtureUser({
          id: "a",
          mailboxSettings: { workingHours: { daysOfWeek: ["monday"], startTime: "17:00", endTime: "09:00" } },
        }),
      ]).path,
    ).toBe("users[0].mailboxSettings.workingHours");
  });

  it("loads 10,000 users and a 10,000-deep management chain without recursion", () => {
    const wide = directoryOf(org(10_000));
    expect(wide.size).toBe(10_000);
    expect(wide.directReportsOf("u0")).toHaveLength(8);
    const chain = Array.from({ length: 10_000 }, (_, i) =>
      fixtureUser({ id: `c${i}`, managerId: i === 0 ? null : `c${i - 1}` }),
    );
    const deep = directoryOf(chain);
    expect(deep.managerOf("c9999")?.id).toBe("c9998");
    expect(() => deep.setManager("c0", "c9999")).toThrow(DirectoryFixtureError);
  });
});

describe("Directory mutations", () => {
  function fresh() {
    return Directory.fromFixture(org(20), { clock: fixedClock(), ids: countingIds() });
  }

  it("creates a user with a minted id and the clock's creation time", () => {
    const directory = fresh();
    const user = directory.upsertUser({
      displayName: "New Hire",
      userPrincipalName: "new.hire@contoso.example",
      managerId: "u1",
    });
    expect(user.id).toBe("user-0001");
    expect(user.createdDateTime).toBe("2026-11-25T09:00:00.000Z");
    expect(directory.directReportsOf("u1").at(-1)?.id).toBe("user-0001");
    expect(directory.all().at(-1)?.id).toBe("user-0001");
    expect(directory.version).toBe(1);
  });

  it("merges fields into an existing user, keeping its listing position and manager", () => {
    const directory = fresh();
    directory.upsertUser({ id: "u3", department: "Legal", displayName: "Renamed" });
    const user = directory.require("u3");
    expect(user).toMatchObject({ department: "Legal", displayName: "Renamed", managerId: "u0" });
    expect(directory.all()[3]?.id).toBe("u3");
    expect(directory.changesBetween(0, directory.version)).toEqual([{ version: 1, userId: "u3" }]);
  });

  it("refuses a UPN another user holds and a manager change that closes a cycle", () => {
    const directory = fresh();
    expect(() => directory.upsertUser({ id: "u5", userPrincipalName: "U6@contoso.example" })).toThrow(
      /already used by user 'u6'/,
    );
    expect(() => directory.setManager("u0", "u9")).toThrow(/manager cycle/);
    expect(directory.version).toBe(0);
  });

  it("moves a report and logs the previous manager", () => {
    const directory = fresh();
    directory.setManager("u9", "u2");
    expect(directory.managerOf("u9")?.id).toBe("u2");
    expect(directory.directReportsOf("u1").map((u) => u.id)).not.toContain("u9");
    expect(directory.changesBetween(0, 1)).toEqual([{ version: 1, userId: "u9", previousManagerId: "u1" }]);
  });

  it("removes a manager, leaving the reports without one", () => {
    const directory = fresh();
    directory.removeUser("u1");
    expect(directory.get("u1")).toBeUndefined();
    expect(directory.get("u1@contoso.example")).toBeUndefined();
    expect(directory.managerOf("u9")).toBeUndefined();
    expect(directory.directReportsOf("u0").map((u) => u.id)).not.toContain("u1");
    const changes = directory.changesBetween(0, directory.version);
    expect(changes.at(-1)).toEqual({ version: 1, userId: "u1", removed: "changed" });
    expect(changes.filter((c) => c.previousManagerId === "u1").map((c) => c.userId)).toEqual([
      "u9",
      "u10",
      "u11",
      "u12",
      "u13",
      "u14",
      "u15",
      "u16",
    ]);
  });
});
