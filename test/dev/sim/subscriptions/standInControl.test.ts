// A simulator serving stand-in areas has no calendars: the notification control endpoints say so plainly.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTrustingFetch } from "../../../../dev/sim/core/trustingFetch.js";
import { type Simulator, startSimulator } from "../../../../dev/sim/server.js";
import { STAND_IN_FIXTURE, standInRoutes } from "../../../helpers/standInTenant.js";

let sim: Simulator;
let call: (url: string, init?: RequestInit) => Promise<Response>;

beforeAll(async () => {
  sim = await startSimulator({ fixture: STAND_IN_FIXTURE, areas: [], routes: standInRoutes });
  call = createTrustingFetch(sim.caPem);
});
afterAll(() => sim.close());

describe("notification control endpoints without calendars", () => {
  it("lists no deliveries and answers a touch with 404", async () => {
    expect(await (await call(`${sim.urls.control}/notifications`)).json()).toEqual({ value: [] });
    const touch = await call(`${sim.urls.control}/calendar/touch`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ mailbox: "ada@contoso.example" }),
    });
    expect(touch.status).toBe(404);
    expect(sim.notifications()).toEqual([]);
    await expect(sim.notificationsIdle()).resolves.toBeUndefined();
  });
});
