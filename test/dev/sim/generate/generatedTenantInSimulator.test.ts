// A generated tenant loads into the real simulator, and what Graph's calendarView shows there for each pair is
// exactly the 1:1s the ground truth was planted with: moved, cancelled, declined and all-day occurrences included.
import type { Client } from "@microsoft/microsoft-graph-client";
import type { Event } from "@microsoft/microsoft-graph-types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateTenant } from "../../../../dev/sim/generate/generateTenant.js";
import { type Simulator, startSimulator } from "../../../../dev/sim/server.js";
import { graphClientFor } from "../../../helpers/graphClientFor.js";
import { type GraphSchemaChecker, graphSchemaChecker } from "../../../helpers/graphSchemaValidator.js";
import { oracleMeetings } from "./policyOracle.js";

const DAY = 86_400_000;
const { fixture, truth } = generateTenant({ users: 120, seed: 4 });
const now = Date.parse(fixture.now);
const window = { start: new Date(now - 90 * DAY).toISOString(), end: new Date(now + 35 * DAY).toISOString() };

let sim: Simulator;
let graph: Client;
let schema: GraphSchemaChecker;

beforeAll(async () => {
  schema = graphSchemaChecker();
  sim = await startSimulator({ fixture, seed: 4, validate: schema.validator });
  graph = graphClientFor(sim, { retry: false });
});

afterAll(async () => {
  await sim?.close();
});

/** The manager's view of the pair's 1:1s, by DESIGN.md's definition, from Graph's answers alone. */
async function oneOnOnesSeenByGraph(managerUpn: string, reportUpn: string): Promise<number[]> {
  const events: Event[] = [];
  let page = await graph
    .api(`/users/${managerUpn}/calendarView`)
    .query({ startDateTime: window.start, endDateTime: window.end })
    .header("Prefer", 'outlook.timezone="UTC", odata.maxpagesize=200')
    .get();
  events.push(...page.value);
  while (page["@odata.nextLink"]) {
    page = await graph.api(page["@odata.nextLink"]).get();
    events.push(...page.value);
  }
  const pair = new Set([managerUpn.toLowerCase(), reportUpn.toLowerCase()]);
  return (
    events
      .filter((e) => {
        if (e.isAllDay || e.isCancelled) return false;
        const organizer = e.organizer?.emailAddress?.address?.toLowerCase() ?? "";
        const people = new Set([organizer]);
        for (const a of e.attendees ?? []) {
          if (a.type !== "resource") people.add(a.emailAddress?.address?.toLowerCase() ?? "");
        }
        if (people.size !== 2 || ![...people].every((p) => pair.has(p))) return false;
        const reportAnswer = e.attendees?.find(
          (a) => a.emailAddress?.address?.toLowerCase() === reportUpn.toLowerCase(),
        )?.status?.response;
        const managerAnswer = e.responseStatus?.response;
        return reportAnswer !== "declined" && managerAnswer !== "declined";
      })
      .map((e) => Date.parse(`${e.start!.dateTime!.slice(0, 19)}Z`))
      // calendarView also returns events that started earlier and overlap the window; compare starts within it.
      .filter((start) => start >= Date.parse(window.start))
      .sort((a, b) => a - b)
  );
}

describe("a generated tenant served by the simulator", () => {
  it("shows every pair's planted 1:1s, and only those, through calendarView", async () => {
    const expected = oracleMeetings(fixture);
    const planted = truth.pairs.filter((p) => p.status !== "excluded");
    expect(planted.length).toBeGreaterThan(100);
    const differences: string[] = [];
    for (const pair of planted) {
      const seen = await oneOnOnesSeenByGraph(pair.managerUpn, pair.reportUpn);
      const want = expected.get(pair.reportId) ?? [];
      const iso = (xs: number[]) => xs.map((x) => new Date(x).toISOString());
      if (JSON.stringify(seen) !== JSON.stringify(want)) {
        differences.push(
          `${pair.status} ${pair.reportUpn}: graph ${iso(seen)} vs truth ${iso(want)} — ${pair.why}`,
        );
      }
    }
    expect(differences).toEqual([]);
    expect(sim.validationFailures).toEqual([]);
  });

  it("serves the org chart: every pair's manager is the report's /manager", async () => {
    for (const pair of truth.pairs.slice(0, 20)) {
      const manager = await graph.api(`/users/${pair.reportId}/manager`).get();
      expect(manager.id).toBe(pair.managerId);
    }
  });
});
