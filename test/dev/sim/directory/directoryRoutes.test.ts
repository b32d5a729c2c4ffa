import { describe, expect, it } from "vitest";
import { directoryRoutes } from "../../../../dev/sim/directory/directoryRoutes.js";
import {
  directoryOf,
  fixtureUser,
  followLink,
  get,
  getError,
  HOST,
  org,
  request,
} from "./directoryTestKit.js";

const BASE = `https://${HOST}/v1.0`;

describe("GET /users paging", () => {
  const directory = directoryOf(org(2_500));
  const routes = directoryRoutes(directory);

  it("serves 2,500 users with $top=999 in three pages, none lost or repeated, in stable order", async () => {
    const seen: string[] = [];
    const pageSizes: number[] = [];
    let path = "/users";
    let query = new URLSearchParams({ $top: "999", $select: "id,displayName" });
    for (;;) {
      const page = await get(routes, path, { query });
      expect(page["@odata.context"]).toBe(`${BASE}/$metadata#users(id,displayName)`);
      pageSizes.push(page.value!.length);
      seen.push(...page.value!.map((u) => u.id as string));
      if (!page["@odata.nextLink"]) break;
      ({ path, query } = followLink(page["@odata.nextLink"]));
      expect(query.get("$top")).toBe("999");
      expect(query.get("$select")).toBe("id,displayName");
    }
    expect(pageSizes).toEqual([999, 999, 502]);
    expect(new Set(seen).size).toBe(2_500);
    expect(seen).toEqual(directory.all().map((u) => u.id));
  });

  it("caps pages at 100 when the manager is expanded, even with $top=999, as Graph does", async () => {
    const pageSizes: number[] = [];
    const seen: string[] = [];
    let path = "/users";
    let query = new URLSearchParams({ $top: "999", $select: "id", $expand: "manager($select=id)" });
    for (;;) {
      const page = await get(routes, path, { query });
      pageSizes.push(page.value!.length);
      seen.push(...page.value!.map((u) => u.id as string));
      if (!page["@odata.nextLink"]) break;
      ({ path, query } = followLink(page["@odata.nextLink"]));
      expect(query.get("$expand")).toBe("manager($select=id)");
    }
    expect(pageSizes).toEqual([...Array.from({ length: 25 }, () => 100)]);
    expect(seen).toEqual(directory.all().map((u) => u.id));
  });

  it("pages 100 at a time by default with Graph's default properties", async () => {
    const page = await get(routes, "/users");
    expect(page.value).toHaveLength(100);
    expect(page["@odata.context"]).toBe(`${BASE}/$metadata#users`);
    expect(Object.keys(page.value![0]!).sort()).toEqual(
      [
        "businessPhones",
        "displayName",
        "givenName",
        "id",
        "jobTitle",
        "mail",
        "mobilePhone",
        "officeLocation",
        "preferredLanguage",
        "surname",
        "userPrincipalName",
      ].sort(),
    );
    expect(page.value![0]).toMatchObject({
      id: "u0",
      businessPhones: [],
      mobilePhone: null,
      jobTitle: "CEO",
    });
  });

  it("keeps paging stable when a user is deleted between pages", async () => {
    const local = directoryOf(org(250));
    const localRoutes = directoryRoutes(local);
    const first = await get(localRoutes, "/users", { query: { $top: "100", $select: "id" } });
    local.removeUser("u50");
    local.removeUser("u150");
    const next = followLink(first["@odata.nextLink"]);
    const second = await get(localRoutes, next.path, { query: next.query });
    expect(second.value![0]!.id).toBe("u100");
    expect(second.value!.map((u) => u.id)).not.toContain("u150");
  });

  it.each([
    ["0", 400, "Request_UnsupportedQuery"],
    ["1000", 400, "Request_UnsupportedQuery"],
    ["ten", 400, "BadRequest"],
  ])("rejects $top=%s", async (top, status, code) => {
    const err = await getError(routes, "/users", { query: { $top: top } });
    expect({ status: err.status, code: err.code }).toEqual({ status, code });
  });

  it("rejects $top=1000 with Graph's message", async () => {
    const err = await getError(routes, "/users", { query: { $top: "1000" } });
    expect(err.message).toBe("Invalid page size specified: '1000'. Must be between 1 and 999 inclusive.");
  });

  it("rejects $skip and a forged $skiptoken", async () => {
    expect((await getError(routes, "/users", { query: { $skip: "10" } })).code).toBe("Request_BadRequest");
    expect((await getError(routes, "/users", { query: { $skiptoken: "garbage" } })).status).toBe(400);
  });
});

describe("GET /users query options", () => {
  const directory = directoryOf([
    fixtureUser({ id: "boss", displayName: "Alice Boss", department: "Sales", jobTitle: "VP" }),
    fixtureUser({
      id: "r1",
      displayName: "Alan O'Brien",
      department: "Sales",
      jobTitle: "Rep",
      managerId: "boss",
      businessPhones: ["+1 555 0100"],
    }),
    fixtureUser({
      id: "r2",
      displayName: "Bea Ray",
      department: "Finance",
      managerId: "boss",
      accountEnabled: false,
    }),
    fixtureUser({ id: "r3", displayName: "Carl Dee", department: null, managerId: "r1", mail: null }),
  ]);
  const routes = directoryRoutes(directory);
  const ids = (body: { value?: Record<string, unknown>[] }) => body.value!.map((u) => u.id);

  it("returns only the $select-ed properties, disabled accounts with accountEnabled false", async () => {
    const body = await get(routes, "/users", {
      query: { $select: "ID,displayName,accountEnabled,department" },
    });
    expect(body["@odata.context"]).toBe(`${BASE}/$metadata#users(id,displayName,accountEnabled,department)`);
    expect(body.value).toContainEqual({
      id: "r2",
      displayName: "Bea Ray",
      accountEnabled: false,
      department: "Finance",
    });
    expect(body.value).toContainEqual({
      id: "r3",
      displayName: "Carl Dee",
      accountEnabled: true,
      department: null,
    });
  });

  it("rejects an unknown $select property as Graph does", async () => {
    const err = await getError(routes, "/users", { query: { $select: "id,managerId" } });
    expect(err).toMatchObject({ status: 400, code: "BadRequest" });
    expect(err.message).toContain(
      "Could not find a property named 'managerId' on type 'microsoft.graph.user'",
    );
  });

  it.each([
    ["department eq 'sales'", ["boss", "r1"]],
    ["startswith(displayName,'al')", ["boss", "r1"]],
    ["displayName eq 'Alan O''Brien'", ["r1"]],
    ["userPrincipalName in ('r2@contoso.example','R3@CONTOSO.EXAMPLE')", ["r2", "r3"]],
    ["accountEnabled eq false", ["r2"]],
    ["department eq 'Sales' and jobTitle eq 'Rep'", ["r1"]],
    ["id eq 'r3' or (department eq 'Finance' and accountEnabled eq false)", ["r2", "r3"]],
    ["startswith(mail,'r')", ["r1", "r2"]],
  ])("filters %s", async (filter, expected) => {
    expect(ids(await get(routes, "/users", { query: { $filter: filter } }))).toEqual(expected);
  });

  it.each([
    ["officeLocation eq 'x'", "Request_UnsupportedQuery"],
    ["startswith(department,'S')", "Request_UnsupportedQuery"],
    ["department ne 'Sales'", "Request_UnsupportedQuery"],
    ["endswith(mail,'.example')", "Request_UnsupportedQuery"],
    ["contains(displayName,'a')", "Request_UnsupportedQuery"],
    ["accountEnabled eq 'yes'", "BadRequest"],
    ["department eq", "BadRequest"],
    ["nope eq 'x'", "BadRequest"],
  ])("rejects $filter=%s", async (filter, code) => {
    const err = await getError(routes, "/users", { query: { $filter: filter } });
    expect({ status: err.status, code: err.code }).toEqual({ status: 400, code });
  });

  it("allows ne, not and endswith only in an advanced query, which also counts", async () => {
    const err = await getError(routes, "/users", { query: { $filter: "department ne 'Sales'" } });
    expect(err.message).toBe("Filter operator 'NotEqualsMatch' is not supported.");
    const advanced = { headers: { consistencylevel: "eventual" } };
    const body = await get(routes, "/users", {
      ...advanced,
      query: {
        $filter: "department ne 'Sales' and not(endswith(userPrincipalName,'r2@contoso.example'))",
        $count: "true",
      },
    });
    expect(ids(body)).toEqual(["r3"]);
    expect(body["@odata.count"]).toBe(1);
  });

  it("requires ConsistencyLevel: eventual for $count", async () => {
    const err = await getError(routes, "/users", { query: { $count: "true" } });
    expect(err).toMatchObject({
      status: 400,
      code: "Request_BadRequest",
      message: "$count is not currently supported.",
    });
    const body = await get(routes, "/users", {
      query: { $count: "true" },
      headers: { consistencylevel: "eventual" },
    });
    expect(body["@odata.count"]).toBe(4);
  });

  it("expands the manager, whole or with a nested $select, and omits it for the top of the tree", async () => {
    const body = await get(routes, "/users", { query: { $select: "id", $expand: "manager" } });
    expect(body.value![0]).toEqual({ id: "boss" });
    expect(body.value![1]!.manager).toMatchObject({
      "@odata.type": "#microsoft.graph.user",
      id: "boss",
      displayName: "Alice Boss",
      jobTitle: "VP",
    });
    const narrow = await get(routes, "/users", {
      query: { $select: "id,displayName", $expand: "manager($select=id,userPrincipalName)" },
    });
    expect(narrow.value![3]).toEqual({
      id: "r3",
      displayName: "Carl Dee",
      manager: { "@odata.type": "#microsoft.graph.user", id: "r1", userPrincipalName: "r1@contoso.example" },
    });
  });

  it("sorts by displayName or userPrincipalName, and only in an advanced query when filtered", async () => {
    const body = await get(routes, "/users", {
      query: { $orderby: "displayName desc", $select: "id", $top: "3" },
    });
    // "Carl Dee", "Bea Ray", "Alice Boss", then "Alan O'Brien" on the next page.
    expect(ids(body)).toEqual(["r3", "r2", "boss"]);
    const next = followLink(body["@odata.nextLink"]);
    expect(ids(await get(routes, next.path, { query: next.query }))).toEqual(["r1"]);
    expect(await getError(routes, "/users", { query: { $orderby: "department" } })).toMatchObject({
      status: 400,
      code: "Request_UnsupportedQuery",
    });
    const filtered = { $orderby: "userPrincipalName", $filter: "department eq 'Sales'" };
    expect((await getError(routes, "/users", { query: filtered })).message).toBe(
      "Sorting not supported for current query.",
    );
    const advanced = await get(routes, "/users", {
      query: { ...filtered, $orderby: "userPrincipalName desc", $count: "true" },
      headers: { consistencylevel: "eventual" },
    });
    expect(ids(advanced)).toEqual(["r1", "boss"]);
  });

  it("rejects expanding something that isn't a user property", async () => {
    expect((await getError(routes, "/users", { query: { $expand: "bogus" } })).code).toBe("BadRequest");
  });

  it("shows only the basic profile to an app holding User.ReadBasic.All alone", async () => {
    const body = await get(routes, "/users", {
      roles: ["User.ReadBasic.All"],
      query: { $select: "id,displayName,jobTitle,businessPhones", $filter: "id eq 'r1'" },
    });
    expect(body.value).toEqual([
      { id: "r1", displayName: "Alan O'Brien", jobTitle: null, businessPhones: [] },
    ]);
  });
});

describe("GET /users/{id}, /manager, /directReports", () => {
  const directory = directoryOf(org(30));
  const routes = directoryRoutes(directory);

  it("gets a user by id or by UPN in any case, with $select", async () => {
    const byId = await get(routes, "/users/u3");
    expect(byId).toMatchObject({ "@odata.context": `${BASE}/$metadata#users/$entity`, id: "u3" });
    const byUpn = await get(routes, "/users/U3@Contoso.Example", { query: { $select: "id,department" } });
    expect(byUpn).toEqual({
      "@odata.context": `${BASE}/$metadata#users(id,department)/$entity`,
      id: "u3",
      department: "Support",
    });
    const withManager = await get(routes, "/users/u9", {
      query: { $select: "id", $expand: "manager($select=id)" },
    });
    expect(withManager.manager).toEqual({ "@odata.type": "#microsoft.graph.user", id: "u1" });
  });

  it("resolves ids and UPNs only, as Graph does: a mail address that isn't the UPN is unknown", async () => {
    const local = directoryRoutes(
      directoryOf([
        fixtureUser({ id: "m1", userPrincipalName: "m1@contoso.example", mail: "mona@contoso.example" }),
      ]),
    );
    expect(await getError(local, "/users/mona@contoso.example")).toMatchObject({ status: 404 });
    expect(await getError(local, "/users/mona@contoso.example/directReports")).toMatchObject({ status: 404 });
  });

  it("answers an unknown user with Request_ResourceNotFound", async () => {
    const err = await getError(routes, "/users/ghost@contoso.example");
    expect(err).toMatchObject({
      status: 404,
      code: "Request_ResourceNotFound",
      message:
        "Resource 'ghost@contoso.example' does not exist or one of its queried reference-property objects are not present.",
    });
  });

  it("returns the manager as a directoryObject, and 404 at the top of the tree", async () => {
    const manager = await get(routes, "/users/u9/manager", { query: { $select: "id,userPrincipalName" } });
    expect(manager).toEqual({
      "@odata.context": `${BASE}/$metadata#directoryObjects/$entity`,
      "@odata.type": "#microsoft.graph.user",
      id: "u1",
      userPrincipalName: "u1@contoso.example",
    });
    const err = await getError(routes, "/users/u0/manager");
    expect(err).toMatchObject({ status: 404, code: "Request_ResourceNotFound" });
    expect(err.message).toContain("'manager'");
  });

  it("pages direct reports", async () => {
    const first = await get(routes, "/users/u0/directReports", { query: { $top: "5", $select: "id" } });
    expect(first["@odata.context"]).toBe(`${BASE}/$metadata#directoryObjects`);
    expect(first.value!.map((u) => u.id)).toEqual(["u1", "u2", "u3", "u4", "u5"]);
    expect(first.value![0]!["@odata.type"]).toBe("#microsoft.graph.user");
    const next = followLink(first["@odata.nextLink"]);
    expect(next.path).toBe("/users/u0/directReports");
    const second = await get(routes, next.path, { query: next.query });
    expect(second.value!.map((u) => u.id)).toEqual(["u6", "u7", "u8"]);
    expect(second["@odata.nextLink"]).toBeUndefined();
    expect((await get(routes, "/users/u29/directReports")).value).toEqual([]);
  });
});

describe("GET /users/{id}/mailboxSettings", () => {
  const directory = directoryOf([
    fixtureUser({
      id: "win",
      mailboxSettings: {
        timeZone: "Pacific Standard Time",
        workingHours: {
          daysOfWeek: ["monday", "tuesday", "wednesday", "thursday"],
          startTime: "07:00",
          endTime: "15:30",
        },
      },
    }),
    fixtureUser({ id: "iana", mailboxSettings: { timeZone: "Europe/Rome" } }),
    fixtureUser({ id: "plain" }),
    fixtureUser({ id: "nomail", hasMailbox: false }),
  ]);
  const routes = directoryRoutes(directory);

  it("marks the mailbox routes for the per-mailbox limit and asks for MailboxSettings.Read", () => {
    for (const path of ["/users/win/mailboxSettings", "/users/win/mailboxSettings/timeZone"]) {
      const { route } = request(routes, path);
      expect(route.mailboxParam).toBe("id");
      expect(route.permissions).toEqual(["MailboxSettings.Read", "MailboxSettings.ReadWrite"]);
    }
    expect(request(routes, "/users/win").route.mailboxParam).toBeUndefined();
  });

  it("returns the stored Windows zone and working hours as Graph writes them", async () => {
    const body = await get(routes, "/users/win/mailboxSettings");
    expect(body).toMatchObject({
      "@odata.context": `${BASE}/$metadata#users('win')/mailboxSettings`,
      timeZone: "Pacific Standard Time",
      workingHours: {
        daysOfWeek: ["monday", "tuesday", "wednesday", "thursday"],
        startTime: "07:00:00.0000000",
        endTime: "15:30:00.0000000",
        timeZone: { name: "Pacific Standard Time" },
      },
    });
  });

  it("returns IANA names as stored and Exchange's defaults when nothing is set", async () => {
    expect((await get(routes, "/users/iana/mailboxSettings")).timeZone).toBe("Europe/Rome");
    const plain = await get(routes, "/users/plain@contoso.example/mailboxSettings", {
      query: { $select: "timeZone,workingHours" },
    });
    expect(plain).toEqual({
      "@odata.context": `${BASE}/$metadata#users('plain@contoso.example')/mailboxSettings`,
      timeZone: "UTC",
      workingHours: {
        daysOfWeek: ["monday", "tuesday", "wednesday", "thursday", "friday"],
        startTime: "08:00:00.0000000",
        endTime: "17:00:00.0000000",
        timeZone: { name: "UTC" },
      },
    });
  });

  it("serves the timeZone and workingHours sub-resources", async () => {
    expect(await get(routes, "/users/iana/mailboxSettings/timeZone")).toEqual({
      "@odata.context": `${BASE}/$metadata#users('iana')/mailboxSettings/timeZone`,
      value: "Europe/Rome",
    });
    const hours = await get(routes, "/users/win/mailboxSettings/workingHours");
    expect(hours.startTime).toBe("07:00:00.0000000");
  });

  it("fails for a user without a mailbox, an unknown user, and an unknown property", async () => {
    expect(await getError(routes, "/users/nomail/mailboxSettings")).toMatchObject({
      status: 404,
      code: "MailboxNotEnabledForRESTAPI",
    });
    expect(await getError(routes, "/users/nomail/mailboxSettings/workingHours")).toMatchObject({
      code: "MailboxNotEnabledForRESTAPI",
    });
    expect(await getError(routes, "/users/ghost/mailboxSettings")).toMatchObject({
      status: 404,
      code: "ErrorInvalidUser",
    });
    expect(
      await getError(routes, "/users/win/mailboxSettings", { query: { $select: "workingHourz" } }),
    ).toMatchObject({ status: 400, code: "BadRequest" });
  });
});

describe("GET /users/delta", () => {
  async function round(routes: ReturnType<typeof directoryRoutes>, path: string, query: URLSearchParams) {
    const items: Record<string, unknown>[] = [];
    let pages = 0;
    for (;;) {
      const page = await get(routes, path, { query });
      pages += 1;
      items.push(...page.value!);
      if (page["@odata.deltaLink"]) return { items, pages, deltaLink: followLink(page["@odata.deltaLink"]) };
      ({ path, query } = followLink(page["@odata.nextLink"]));
      expect(path).toBe("/users/delta");
      expect([...query.keys()]).toEqual(["$skiptoken"]);
    }
  }

  it("lists everyone in the first round, then only what changed, with @removed for deleted users", async () => {
    const directory = directoryOf(org(450));
    const routes = directoryRoutes(directory);
    const first = await round(
      routes,
      "/users/delta",
      new URLSearchParams({ $select: "displayName,department" }),
    );
    expect(first.pages).toBe(3);
    expect(first.items).toHaveLength(450);
    expect(new Set(first.items.map((u) => u.id)).size).toBe(450);
    expect(first.items[0]).toEqual({ id: "u0", displayName: "Person 00000", department: "Sales" });
    expect([...first.deltaLink.query.keys()]).toEqual(["$deltatoken"]);

    directory.upsertUser({ id: "new", displayName: "New Person", userPrincipalName: "new@contoso.example" });
    directory.upsertUser({ id: "u7", department: "Legal" });
    directory.removeUser("u449");
    directory.removeUser("u448", { permanent: true });

    const second = await round(routes, first.deltaLink.path, first.deltaLink.query);
    expect(second.items).toEqual([
      { id: "new", displayName: "New Person", department: null },
      { id: "u7", displayName: "Person 00007", department: "Legal" },
      { id: "u449", "@removed": { reason: "changed" } },
      { id: "u448", "@removed": { reason: "deleted" } },
    ]);

    const third = await round(routes, second.deltaLink.path, second.deltaLink.query);
    expect(third.items).toEqual([]);
  });

  it("reports manager changes as manager@delta when manager is selected", async () => {
    const directory = directoryOf(org(20));
    const routes = directoryRoutes(directory);
    const first = await round(routes, "/users/delta", new URLSearchParams({ $select: "id,manager" }));
    expect(first.items.find((u) => u.id === "u9")).toEqual({
      id: "u9",
      "manager@delta": [{ "@odata.type": "#microsoft.graph.user", id: "u1" }],
    });
    directory.setManager("u9", "u2");
    directory.setManager("u10", null);
    const second = await round(routes, first.deltaLink.path, first.deltaLink.query);
    expect(second.items).toEqual([
      { id: "u9", "manager@delta": [{ "@odata.type": "#microsoft.graph.user", id: "u2" }] },
      {
        id: "u10",
        "manager@delta": [
          { "@odata.type": "#microsoft.graph.user", id: "u1", "@removed": { reason: "deleted" } },
        ],
      },
    ]);
  });

  it("tracks only the filtered ids, and reaches the delta route through /users/{id} too", async () => {
    const directory = directoryOf(org(20));
    const routes = directoryRoutes(directory);
    const filter = "id eq 'u3' or id eq 'u4'";
    const first = await round(
      routes,
      "/users/delta",
      new URLSearchParams({ $filter: filter, $select: "id" }),
    );
    expect(first.items).toEqual([{ id: "u3" }, { id: "u4" }]);
    directory.upsertUser({ id: "u4", jobTitle: "Lead" });
    directory.upsertUser({ id: "u5", jobTitle: "Lead" });
    const second = await round(routes, first.deltaLink.path, first.deltaLink.query);
    expect(second.items).toEqual([{ id: "u4" }]);
    // A router that tried `/users/{id}` before the literal route would still reach delta.
    const byId = routes.find((r) => r.pattern === "/users/{id}")!;
    const { req } = request(routes, "/users/u1");
    const res = await byId.handler({ ...req, path: "/users/delta", params: { id: "delta" } });
    expect((res.body as { value: unknown[] }).value).toHaveLength(20);
  });

  it("starts tracking from now with $deltatoken=latest", async () => {
    const directory = directoryOf(org(20));
    const routes = directoryRoutes(directory);
    const latest = await round(
      routes,
      "/users/delta",
      new URLSearchParams({ $deltatoken: "latest", $select: "jobTitle" }),
    );
    expect(latest.items).toEqual([]);
    directory.upsertUser({ id: "u2", jobTitle: "Lead" });
    const next = await round(routes, latest.deltaLink.path, latest.deltaLink.query);
    expect(next.items).toEqual([{ id: "u2", jobTitle: "Lead" }]);
  });

  it("rejects filters delta doesn't support and tokens it didn't mint", async () => {
    const routes = directoryRoutes(directoryOf(org(3)));
    expect(
      await getError(routes, "/users/delta", { query: { $filter: "department eq 'Sales'" } }),
    ).toMatchObject({
      status: 400,
      code: "Request_UnsupportedQuery",
    });
    expect(await getError(routes, "/users/delta", { query: { $deltatoken: "xyz" } })).toMatchObject({
      status: 400,
    });
  });
});
