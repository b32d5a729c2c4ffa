// Seeded chaos from the simulator against the real adapters (HTTPS, msal-node, the Graph client, the Bot Connector
// client, Azurite): throttling with and without Retry-After, 503/504, resets, answers held past the client's
// timeout, cut mid-body or garbled. The scan must end identical to a clean run; planning and delivery must create
// each series and card at most once, and every one a clean run creates, or say clearly which they could not.
import { randomUUID } from "node:crypto";
import type { Event } from "@microsoft/microsoft-graph-types";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { ProfileInput } from "../../dev/sim/core/profile.js";
import { generateTenant } from "../../dev/sim/generate/generateTenant.js";
import { type Simulator, startSimulator } from "../../dev/sim/server.js";
import { agendaCardPartsReal } from "../../shared/composition/agendaCardPartsReal.js";
import { upcomingCalendarFromGateway } from "../../shared/composition/upcomingCalendarFromGateway.js";
import type { GraphGatewayOptions } from "../../shared/graph/createGraphGateway.js";
import type { GraphGateway } from "../../shared/graph/types.js";
import { AgendaTableStore } from "../../shared/store/agendaTableStore.js";
import { ProposalStore } from "../../shared/store/proposalStore.js";
import { answerProposal } from "../../shared/usecases/answerProposal.js";
import { planSeries } from "../../shared/usecases/planSeries.js";
import type { PairRecord } from "../../shared/usecases/ports/scanRecords.js";
import { type SendAgendasResult, sendAgendas } from "../../shared/usecases/sendAgendas.js";
import {
  chaosGateway,
  chaosTeamsDelivery,
  proposalShape,
  proposePorts,
  scanSorted,
} from "../helpers/chaosRun.js";

const tenant = generateTenant({ users: 300, seed: 31 });
const NOW = new Date(tenant.fixture.now);
const ADMIN = { kind: "admin", name: "chaos" } as const;

/** Issue 11's bar: 30% 429 + 5% 503 + 2% resets. */
const DONE_WHEN: ProfileInput = {
  seed: 11,
  throttleRate: 0.3,
  faults: { status503: 0.05, reset: 0.02 },
  retryAfterSeconds: 0.01,
};
/** Every kind at once; held answers outlast the client's 1.5 s timeout by far. */
const EVERY_KIND: ProfileInput = {
  throttleRate: 0.2,
  throttleWithoutRetryAfter: 0.5,
  faults: { status503: 0.04, status504: 0.03, reset: 0.03, timeout: 0.02, truncated: 0.03, malformed: 0.03 },
  retryAfterSeconds: 0.01,
  slowResponseMs: 20_000,
};
const CLIENT_TIMEOUT_MS = 1500;

let sim: Simulator;
const connection = () => inject("azuriteConnectionString");
const figures: Record<string, unknown>[] = [];

beforeAll(async () => {
  sim = await startSimulator({ fixture: tenant.fixture, port: 0 });
}, 120_000);
afterAll(async () => {
  console.log(`chaos figures\n${JSON.stringify(figures, null, 1)}`);
  await sim?.close();
});

/** The gateway as production builds it, with waits recorded and cut short (the simulator's Retry-After is tiny). */
function gatewayFor(sleeps: number[] = [], options: Partial<GraphGatewayOptions> = {}): GraphGateway {
  return chaosGateway(sim, 7, CLIENT_TIMEOUT_MS, sleeps, options);
}

/** Runs `body` under `profile`, then reports what was sent and injected, and restores a clean simulator. */
async function underChaos<T>(name: string, profile: ProfileInput, body: () => Promise<T>): Promise<T> {
  sim.setProfile(profile);
  sim.clearRequests();
  try {
    return await body();
  } finally {
    const counters = sim.counters();
    figures.push({ name, requests: counters.requests, injected: { ...counters.injected } });
    sim.setProfile({});
  }
}

const scan = (gateway: GraphGateway) => scanSorted(gateway, NOW);

let clean: Awaited<ReturnType<typeof scan>>;

describe("scan under seeded chaos", () => {
  it("ends identical to a clean run at 30% 429 + 5% 503 + 2% resets", async () => {
    clean = await scan(gatewayFor());
    expect(clean.run.errors).toEqual([]);
    const gateway = gatewayFor();
    const rough = await underChaos("scan: 30% 429 + 5% 503 + 2% reset", DONE_WHEN, () => scan(gateway));
    const last = figures.at(-1)!;
    last.retries = gateway.stats().retries;
    last.differences = diffPairs(clean.pairs, rough.pairs);
    expect((last.injected as Record<string, number>).throttled).toBeGreaterThan(20);
    expect((last.injected as Record<string, number>).status503).toBeGreaterThan(0);
    expect((last.injected as Record<string, number>).reset).toBeGreaterThan(0);
    expect(rough.run.errors).toEqual([]);
    expect(rough.run.counts).toEqual(clean.run.counts);
    expect(rough.pairs).toEqual(clean.pairs);
  }, 300_000);

  it("ends identical to a clean run with every fault kind at once, 429s without Retry-After backing off", async () => {
    const sleeps: number[] = [];
    const injected: Record<string, number> = {};
    const answerFaults = () =>
      (injected.timeout ?? 0) + (injected.truncated ?? 0) + (injected.malformed ?? 0);
    // Answer faults hit whole $batch answers and top-level reads, drawn once each: few per scan. Seeds follow each
    // other until one has hit (each scan must equal the clean one).
    for (let seed = 12; seed < 16 && answerFaults() === 0; seed++) {
      const gateway = gatewayFor(sleeps);
      const rough = await underChaos(`scan: every kind (seed ${seed})`, { ...EVERY_KIND, seed }, () =>
        scan(gateway),
      );
      const last = figures.at(-1)!;
      last.retries = gateway.stats().retries;
      last.differences = diffPairs(clean.pairs, rough.pairs);
      for (const [k, n] of Object.entries(last.injected as Record<string, number>))
        injected[k] = (injected[k] ?? 0) + n;
      expect(rough.run.errors).toEqual([]);
      expect(rough.pairs).toEqual(clean.pairs);
    }
    for (const kind of ["throttled", "throttledWithoutRetryAfter", "status503", "status504", "reset"]) {
      expect(injected[kind], kind).toBeGreaterThan(0);
    }
    expect(answerFaults()).toBeGreaterThan(0);
    // Retry-After is honoured when given (10 ms on 429s, 1 s on 503s); without it the gateway backs off by itself,
    // 2 ms doubling with jitter, capped at 40 ms (the doubling itself: gatewayLostAnswers.test.ts).
    const backoffs = sleeps.filter((ms) => ms !== 10 && ms !== 1000);
    expect(backoffs.length).toBeGreaterThan(0);
    expect(Math.max(...backoffs)).toBeLessThanOrEqual(40);
  }, 600_000);
});

describe("planning and accepting proposals under seeded chaos", () => {
  it("creates each accepted series exactly once, and proposes what a clean plan proposes", async () => {
    const ports = (store: ProposalStore, gateway: GraphGateway) => proposePorts(store, gateway, NOW);
    const input = { pairs: clean.pairs, scannedAt: NOW };
    const cleanStore = await ProposalStore.open(connection(), `chaosclean${randomUUID().slice(0, 8)}`);
    await planSeries(ports(cleanStore, gatewayFor()), input);
    const cleanProposals = proposalShape(await cleanStore.list());
    expect(cleanProposals.length).toBeGreaterThan(5);

    const store = await ProposalStore.open(connection(), `chaos${randomUUID().slice(0, 8)}`);
    const gateway = gatewayFor();
    const outcome = await underChaos(
      "planning + accepting: 30% 429 + 5% 503 + 2% reset",
      DONE_WHEN,
      async () => {
        // A plan that fails part-way is the next plan's to finish: up to three runs, as three timer ticks.
        let runs = 0;
        for (; runs < 3; runs++) {
          const plan = await planSeries(ports(store, gateway), input).catch((err: unknown) => err);
          if (!(plan instanceof Error) && proposalShape(await store.list()).length === cleanProposals.length)
            break;
        }
        const failures: string[] = [];
        for (const p of await store.list()) {
          for (let attempt = 1; attempt <= 3; attempt++) {
            const answer = await answerProposal(
              ports(store, gateway),
              p.proposalId,
              { action: "accept" },
              ADMIN,
            )
              .then((a) => a.outcome)
              .catch((err: unknown) => `error ${(err as { code?: string }).code ?? err}`);
            if (answer === "created") break;
            failures.push(`${p.reportUpn}: ${answer}`);
          }
        }
        return { runs: runs + 1, failures };
      },
    );
    const proposals = await store.list();
    expect(proposalShape(proposals)).toEqual(cleanProposals);
    expect(proposals.every((p) => p.state === "created")).toBe(true);

    // Counted in the calendars, with chaos off: one Cadence series per accepted pair, no other.
    const reader = gatewayFor();
    const series = new Map<string, number>();
    for (const manager of new Set(proposals.map((p) => p.managerUpn))) {
      const page = await reader.get<{ value: Event[] }>(
        `/users/${encodeURIComponent(manager)}/events?$select=id,type,transactionId,attendees&$top=1000`,
      );
      for (const e of page.value) {
        if (e.type !== "seriesMaster" || !e.transactionId) continue;
        const report = e.attendees?.find(
          (a) => a.emailAddress?.address?.toLowerCase() !== manager.toLowerCase(),
        );
        const key = `${manager.toLowerCase()}/${report?.emailAddress?.address?.toLowerCase()}`;
        series.set(key, (series.get(key) ?? 0) + 1);
      }
    }
    const expected = proposals
      .map((p) => `${p.managerUpn.toLowerCase()}/${p.reportUpn.toLowerCase()}`)
      .sort();
    const last = figures.at(-1)!;
    Object.assign(last, {
      retries: gateway.stats().retries,
      planRuns: outcome.runs,
      acceptFailuresRepaired: outcome.failures.length,
      seriesExpected: expected.length,
      seriesFound: [...series.values()].reduce((a, b) => a + b, 0),
      duplicates: [...series.values()].filter((n) => n > 1).length,
    });
    expect([...series.keys()].sort()).toEqual(expected);
    expect([...series.values()].every((n) => n === 1)).toBe(true);
  }, 600_000);
});

describe("agenda cards under seeded chaos", () => {
  it("sends each card at most once, and every card a clean run sends or reports it as uncertain", async () => {
    const run = async (prefix: string, graphGateway: GraphGateway, runs: number) => {
      const store = await AgendaTableStore.open(connection(), `${prefix}${randomUUID().slice(0, 8)}`);
      const teams = chaosTeamsDelivery(sim, graphGateway, CLIENT_TIMEOUT_MS);
      const calendar = upcomingCalendarFromGateway(graphGateway);
      const results: SendAgendasResult[] = [];
      // A day of ticks each for five days; failed sends are released for the next tick of the day.
      for (let day = 0; day < 5; day++) {
        const now = new Date(NOW.getTime() + day * 86_400_000);
        for (let i = 0; i < runs; i++) {
          results.push(
            await sendAgendas({
              ...agendaCardPartsReal,
              clock: { now: () => now },
              pairs: { latestPairs: async () => clean.pairs },
              calendar,
              mailboxSettings: calendar,
              teams,
              store,
              tenantId: sim.tenantId,
            }),
          );
          if (results.at(-1)!.failed.length === 0 && results.at(-1)!.unreadManagers.length === 0) break;
        }
      }
      return results;
    };

    const before = cardKeys();
    const cleanRuns = await run("chaoscards", gatewayFor(), 1);
    const cleanCards = newKeys(before, cardKeys());
    expect(cleanRuns.flatMap((r) => r.failed)).toEqual([]);
    expect(cleanCards.length).toBeGreaterThan(10);
    expect(new Set(cleanCards).size).toBe(cleanCards.length);

    const middle = cardKeys();
    const gateway = gatewayFor();
    const chaosRuns = await underChaos(
      "agenda cards: 30% 429 + 5% 503 + 2% reset (Graph and Bot Connector)",
      { ...DONE_WHEN, applyTo: ["graph", "botConnector"] },
      () => run("chaosrough", gateway, 4),
    );
    const chaosCards = newKeys(middle, cardKeys());
    const uncertain = chaosRuns.flatMap((r) => r.uncertain.map((u) => `${u.recipientId}|${u.occurrenceId}`));
    const counts = new Map<string, number>();
    for (const k of chaosCards) counts.set(k, (counts.get(k) ?? 0) + 1);
    const missing = cleanCards.filter((k) => !counts.has(k));
    Object.assign(figures.at(-1)!, {
      ticks: chaosRuns.length,
      cardsExpected: cleanCards.length,
      cardsDelivered: counts.size,
      duplicates: [...counts.values()].filter((n) => n > 1).length,
      uncertainReported: uncertain.length,
      missingUnreported: missing.filter((k) => !uncertain.includes(k)).length,
      failedLastRun: chaosRuns.at(-1)!.failed.length,
    });
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect([...counts.keys()].every((k) => cleanCards.includes(k))).toBe(true);
    // A card not delivered is one whose answer was lost: reported, never re-sent.
    expect(missing.filter((k) => !uncertain.includes(k))).toEqual([]);
    expect(chaosRuns.at(-1)!.failed).toEqual([]);
  }, 600_000);
});

/** Every card in the simulator's chats as `recipient|occurrence`, in order (a repeat is a duplicate). */
function cardKeys(): string[] {
  return sim.teams
    .conversationList()
    .flatMap((c) =>
      c.activities
        .filter((a) => a.attachments?.length)
        .map((a) => `${c.userId}|${occurrenceOf(a.attachments![0])}`),
    );
}

/** The occurrence an agenda card is for, from its actions' data. */
function occurrenceOf(attachment: unknown): string {
  const text = JSON.stringify(attachment);
  return /"occurrenceId":"([^"]+)"/.exec(text)?.[1] ?? `?${text.length}`;
}

function newKeys(before: readonly string[], after: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const k of before) left.set(k, (left.get(k) ?? 0) + 1);
  return after.filter((k) => {
    const n = left.get(k) ?? 0;
    if (n === 0) return true;
    left.set(k, n - 1);
    return false;
  });
}

function diffPairs(a: readonly PairRecord[], b: readonly PairRecord[]): number {
  const key = (p: PairRecord) => JSON.stringify(p);
  const left = new Set(a.map(key));
  return b.filter((p) => !left.has(key(p))).length + Math.max(0, a.length - b.length);
}
