// latestUsersDeltaLink against the simulator over HTTPS: one request, no listing, and the link it returns reports
// the org-chart changes made after it (what an incremental scan applies to its kept directory).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calendarRoutes } from "../../../dev/sim/calendar/calendarRoutes.js";
import { CalendarStore } from "../../../dev/sim/calendar/calendarStore.js";
import { Directory } from "../../../dev/sim/directory/directory.js";
import { directoryRoutes } from "../../../dev/sim/directory/directoryRoutes.js";
import { type Simulator, startSimulator } from "../../../dev/sim/server.js";
import { simulatorGateway } from "../../../dev/sim/simulatorGateway.js";
import { applyUsersDelta } from "../../../shared/domain/applyUsersDelta.js";
import { latestUsersDeltaLink } from "../../../shared/graph/latestUsersDeltaLink.js";
import { readUsersDelta } from "../../../shared/graph/readUsersDelta.js";
import { ADA, BO, CY, smallTenant } from "./smallTenant.js";

let directory: Directory;
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({
    fixture: smallTenant(2),
    seed: 7,
    areas: [
      (ctx) => {
        directory = Directory.fromFixture(ctx.fixture.users, { clock: ctx.clock, ids: ctx.ids });
        const store = CalendarStore.fromFixture(ctx.fixture.events, {
          directory,
          clock: ctx.clock,
          ids: ctx.ids,
        });
        return [...directoryRoutes(directory), ...calendarRoutes(store)];
      },
    ],
  });
});
afterAll(async () => {
  await sim?.close();
});

describe("latestUsersDeltaLink", () => {
  it("costs one request with the directory read's $select, and tracks changes from then on", async () => {
    const gateway = simulatorGateway(sim);
    sim.clearRequests();
    const link = await latestUsersDeltaLink(gateway);
    const graph = sim.requests().filter((r) => r.kind === "graph");
    expect(graph).toHaveLength(1);
    const url = new URL(graph[0]!.url, "https://graph.invalid");
    expect(url.pathname).toBe("/users/delta");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      $deltatoken: "latest",
      $select: "id,displayName,userPrincipalName,mail,department,accountEnabled,manager",
    });
    expect((await readUsersDelta(gateway, link)).users).toEqual([]);

    directory.setManager(CY, BO); // CY now reports to BO instead of ADA
    const delta = await readUsersDelta(gateway, link);
    expect(delta.users).toEqual([expect.objectContaining({ id: CY, manager: { id: BO } })]);
    const before = [
      { id: ADA, userPrincipalName: "ada@contoso.example", managerId: null },
      { id: CY, userPrincipalName: "cy@contoso.example", managerId: ADA },
    ];
    expect(applyUsersDelta(before, delta.users).find((u) => u.id === CY)?.managerId).toBe(BO);
    // The next link starts after that change.
    expect((await readUsersDelta(gateway, delta.deltaLink)).users).toEqual([]);
  });
});
