import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../../../dev/sim/server.js";
import { graphClientFor } from "../../../helpers/graphClientFor.js";
import { graphSchemaChecker } from "../../../helpers/graphSchemaValidator.js";
import { ADA_ID, STAND_IN_FIXTURE, standInRoutes } from "../../../helpers/standInTenant.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({
    fixture: STAND_IN_FIXTURE,
    areas: [],
    routes: standInRoutes,
    validate: graphSchemaChecker().validator,
  });
});
afterAll(() => sim.close());

describe("schema validation hook", () => {
  it("records request and response bodies that break the route's Graph schema, without changing the answer", async () => {
    const created = await graphClientFor(sim)
      .api(`/users/${ADA_ID}/events`)
      .post({ subject: "1:1", favouriteColour: "blue" });
    expect(created.subject).toBe("1:1");
    expect(sim.validationFailures.map((f) => [f.kind, f.schemaName, f.url])).toEqual([
      ["request", "microsoft.graph.event.strict", `/users/${ADA_ID}/events`],
      ["response", "microsoft.graph.event.strict", `/users/${ADA_ID}/events`],
    ]);
    expect(sim.validationFailures[0]?.message).toContain("favouriteColour");
  });
});
