// Each fault kind alone at a high rate on a small tenant, each on a fresh simulator: the scan ends identical to a
// clean run; planning and accepting end with every series created exactly once (a failed run is repaired by the
// next); a card whose answer is lost is never sent twice, and the client says so (TEAMS.UNCERTAIN).
import { randomUUID } from "node:crypto";
import type { Event } from "@microsoft/microsoft-graph-types";
import { afterAll, describe, expect, inject, it } from "vitest";
import type { ProfileInput } from "../../dev/sim/core/profile.js";
import { generateTenant } from "../../dev/sim/generate/generateTenant.js";
import { type Simulator, startSimulator } from "../../dev/sim/server.js";
import { AppError } from "../../shared/errors.js";
import type { GraphGateway } from "../../shared/graph/types.js";
import { ProposalStore } from "../../shared/store/proposalStore.js";
import { answerProposal } from "../../shared/usecases/answerProposal.js";
import { planSeries } from "../../shared/usecases/planSeries.js";
import {
  chaosGateway,
  chaosTeamsDelivery,
  proposalShape,
  proposePorts,
  scanSorted,
} from "../helpers/chaosRun.js";

const tenant = generateTenant({ users: 60, seed: 8 });
const NOW = new Date(tenant.fixture.now);
const ADMIN = { kind: "admin", name: "chaos" } as const;
const CLIENT_TIMEOUT_MS = 1000;
const RATE = 0.3;

/** Each kind's profile, and the key the simulator counts it under. */
const KINDS: Record<string, { profile: ProfileInput; counted: string }> = {
  "429 without Retry-After": {
    profile: { throttleRate: 0.5, throttleWithoutRetryAfter: 1 },
    counted: "throttledWithoutRetryAfter",
  },
  "429 with Retry-After": { profile: { throttleRate: 0.5, retryAfterSeconds: 0.01 }, counted: "throttled" },
  "503": { profile: { faults: { status503: RATE } }, counted: "status503" },
  "504": { profile: { faults: { status504: RATE } }, counted: "status504" },
  reset: { profile: { faults: { reset: RATE } }, counted: "reset" },
  "timeout (answer held past the client's timeout)": {
    profile: { faults: { timeout: RATE }, slowResponseMs: 20_000 },
    counted: "timeout",
  },
  "truncated JSON": { profile: { faults: { truncated: RATE } }, counted: "truncated" },
  "malformed JSON": { profile: { faults: { malformed: RATE } }, counted: "malformed" },
};

const figures: Record<string, unknown>[] = [];
const sims: Simulator[] = [];
afterAll(async () => {
  console.log(`chaos by kind\n${JSON.stringify(figures, null, 1)}`);
  await Promise.all(sims.map((s) => s.close()));
});

function gatewayFor(sim: Simulator, sleeps: number[] = []): GraphGateway {
  return chaosGateway(sim, 3, CLIENT_TIMEOUT_MS, sleeps);
}

const scan = (gateway: GraphGateway) => scanSorted(gateway, NOW);

const schedulingPorts = (store: ProposalStore, gateway: GraphGateway) => proposePorts(store, gateway, NOW);

let baseline: {
  pairs: Awaited<ReturnType<typeof scan>>["pairs"];
  proposals: ReturnType<typeof proposalShape>;
};

async function cleanBaseline() {
  if (baseline) return baseline;
  const sim = await startSimulator({ fixture: tenant.fixture, port: 0 });
  sims.push(sim);
  const { run, pairs } = await scan(gatewayFor(sim));
  expect(run.errors).toEqual([]);
  const store = await ProposalStore.open(
    inject("azuriteConnectionString"),
    `kclean${randomUUID().slice(0, 8)}`,
  );
  await planSeries(schedulingPorts(store, gatewayFor(sim)), { pairs, scannedAt: NOW });
  baseline = { pairs, proposals: proposalShape(await store.list()) };
  expect(baseline.proposals.length).toBeGreaterThan(2);
  return baseline;
}

describe("each fault kind alone at a high rate", () => {
  for (const [kind, { profile, counted }] of Object.entries(KINDS)) {
    it(`${kind}: scan identical, each series once, no card twice`, async () => {
      const clean = await cleanBaseline();
      const sim = await startSimulator({ fixture: tenant.fixture, port: 0 });
      sims.push(sim);
      const row: Record<string, unknown> = { kind };
      figures.push(row);

      // Scan: a small scan makes few round trips, so seeds follow each other until the kind has hit it; every
      // run must equal the clean one.
      const scans: Record<string, unknown>[] = [];
      for (let seed = 5; seed < 15; seed++) {
        sim.setProfile({ seed, ...profile });
        sim.clearRequests();
        const rough = await scan(gatewayFor(sim));
        scans.push({ seed, requests: sim.counters().requests, injected: { ...sim.counters().injected } });
        expect(rough.run.errors).toEqual([]);
        expect(rough.pairs).toEqual(clean.pairs);
        if (sim.counters().injected[counted]) break;
      }
      row.scan = scans;
      expect(sim.counters().injected[counted]).toBeGreaterThan(0);

      // Planning and accepting, repaired by further runs when one fails clearly.
      sim.clearRequests();
      const store = await ProposalStore.open(
        inject("azuriteConnectionString"),
        `k${randomUUID().slice(0, 8)}`,
      );
      const gateway = gatewayFor(sim);
      const failures: string[] = [];
      for (let run = 0; run < 3; run++) {
        const plan = await planSeries(schedulingPorts(store, gateway), {
          pairs: clean.pairs,
          scannedAt: NOW,
        }).catch((err: unknown) => err);
        if (plan instanceof Error) failures.push(`plan: ${(plan as AppError).code ?? plan.message}`);
        else if (proposalShape(await store.list()).length === clean.proposals.length) break;
      }
      for (const p of await store.list()) {
        for (let attempt = 1; attempt <= 3; attempt++) {
          const outcome = await answerProposal(
            schedulingPorts(store, gateway),
            p.proposalId,
            { action: "accept" },
            ADMIN,
          )
            .then((a) => a.outcome)
            .catch((err: unknown) => `error ${(err as AppError).code ?? err}`);
          if (outcome === "created") break;
          failures.push(`accept: ${outcome}`);
        }
      }
      expect(sim.counters().injected[counted]).toBeGreaterThan(0);
      const proposals = await store.list();
      expect(proposalShape(proposals)).toEqual(clean.proposals);
      expect(proposals.map((p) => p.state)).toEqual(proposals.map(() => "created"));
      sim.setProfile({});
      const series = await seriesPerPair(gatewayFor(sim), proposals);
      row.planning = {
        requests: sim.counters().requests,
        injected: { ...sim.counters().injected },
        clearFailuresRepaired: failures,
        seriesExpected: proposals.length,
        seriesFound: [...series.values()].reduce((a, b) => a + b, 0),
      };
      expect([...series.keys()].sort()).toEqual(
        proposals.map((p) => `${p.managerUpn}/${p.reportUpn}`.toLowerCase()).sort(),
      );
      expect([...series.values()].every((n) => n === 1)).toBe(true);

      // Cards straight through the Bot Connector client: at most once each, and a lost one says so.
      sim.setProfile({ seed: 6, ...profile, applyTo: ["botConnector"] });
      sim.clearRequests();
      const delivery = teamsDelivery(sim);
      const users = [...new Set(clean.pairs.map((p) => p.managerId))].slice(0, 8);
      const outcomes: string[] = [];
      const markers: { user: string; marker: string; outcome: string }[] = [];
      for (const user of users) {
        const conversation = await delivery.ensureConversation({ id: user, tenantId: sim.tenantId });
        if (!conversation.ok) throw conversation.error;
        for (let i = 0; i < 3; i++) {
          const marker = `card-${randomUUID()}`;
          const outcome = await delivery
            .sendCard(conversation.value, {
              type: "AdaptiveCard",
              version: "1.5",
              body: [{ type: "TextBlock", text: marker }],
            })
            .then(() => "sent")
            .catch((err: unknown) => (err instanceof AppError ? err.code : `untyped ${err}`));
          markers.push({ user, marker, outcome });
          outcomes.push(outcome);
        }
      }
      expect(sim.counters().injected[`botConnector:${counted}`]).toBeGreaterThan(0);
      const shown = JSON.stringify(sim.teams.conversationList());
      const copies = (marker: string) => shown.split(marker).length - 1;
      row.cards = {
        requests: sim.counters().requests,
        injected: { ...sim.counters().injected },
        outcomes: count(outcomes),
        duplicates: markers.filter((m) => copies(m.marker) > 1).length,
        uncertainDelivered: markers.filter((m) => m.outcome === "TEAMS.UNCERTAIN" && copies(m.marker) === 1)
          .length,
      };
      for (const m of markers) {
        if (m.outcome === "sent") expect(copies(m.marker), m.outcome).toBe(1);
        else if (m.outcome === "TEAMS.UNCERTAIN") expect(copies(m.marker)).toBeLessThanOrEqual(1);
        else {
          // Refused for sure (throttled or unavailable past the attempts): nothing arrived, a later run may send.
          expect(["TEAMS.THROTTLED", "TEAMS.UNAVAILABLE"]).toContain(m.outcome);
          expect(copies(m.marker)).toBe(0);
        }
      }
      sim.setProfile({});
    }, 300_000);
  }
});

function teamsDelivery(sim: Simulator) {
  return chaosTeamsDelivery(sim, gatewayFor(sim), CLIENT_TIMEOUT_MS);
}

/** Cadence's series (masters with a transactionId) per `manager/report`, read from the calendars. */
async function seriesPerPair(
  gateway: GraphGateway,
  proposals: readonly { managerUpn: string }[],
): Promise<Map<string, number>> {
  const series = new Map<string, number>();
  for (const manager of new Set(proposals.map((p) => p.managerUpn.toLowerCase()))) {
    const page = await gateway.get<{ value: Event[] }>(
      `/users/${encodeURIComponent(manager)}/events?$select=id,type,transactionId,attendees&$top=1000`,
    );
    for (const e of page.value) {
      if (e.type !== "seriesMaster" || !e.transactionId) continue;
      const report = e.attendees?.find((a) => a.emailAddress?.address?.toLowerCase() !== manager);
      const key = `${manager}/${report?.emailAddress?.address?.toLowerCase()}`;
      series.set(key, (series.get(key) ?? 0) + 1);
    }
  }
  return series;
}

function count(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}
