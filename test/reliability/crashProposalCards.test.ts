// Crash at every step of sendCardOnce, as the proposal cards timer (sendProposalCards) uses it: over the real
// adapters (proposal and delivery tables on Azurite, the Teams delivery against the simulator's Bot Connector over
// HTTPS), killed before or after each Table write and Bot Connector call, the timer fires again 15 minutes later;
// each manager must end with exactly one card per open proposal, as in an uninterrupted run.
//
// As for agenda cards, a kill between writing `sending` and recording `sent` leaves it unknowable whether the card
// went: never sent again (at-most-once), the row stays `sending`; the test checks exactly that and nothing looser.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { simulatorGateway } from "../../dev/sim/simulatorGateway.js";
import { simulatorSettings } from "../../dev/sim/simulatorSettings.js";
import { gatewayFromSettings } from "../../shared/composition/gatewayFromSettings.js";
import { proposalCardFor } from "../../shared/composition/proposalCardFor.js";
import { schedulingDomain } from "../../shared/composition/schedulingDomain.js";
import { schedulingGraphFromGateway } from "../../shared/composition/schedulingGraphFromGateway.js";
import { teamsDeliveryFromSettings } from "../../shared/composition/teamsDeliveryFromSettings.js";
import { upcomingCalendarFromGateway } from "../../shared/composition/upcomingCalendarFromGateway.js";
import { parseSettings } from "../../shared/config.js";
import { defaultCadencePolicy } from "../../shared/domain/cadencePolicy.js";
import { AgendaTableStore } from "../../shared/store/agendaTableStore.js";
import { ProposalStore } from "../../shared/store/proposalStore.js";
import { planSeries } from "../../shared/usecases/planSeries.js";
import type { PairRecord } from "../../shared/usecases/ports/scanRecords.js";
import { type SendProposalCardsResult, sendProposalCards } from "../../shared/usecases/sendProposalCards.js";
import {
  type CrashFigures,
  type CrashInjector,
  type CrashPoint,
  crashPoints,
  inPool,
  printFigures,
  runStages,
  undeclaredSteps,
} from "../helpers/crashAtStep.js";
import { diffRows, type TableRows, tableRows } from "../helpers/crashTables.js";
import { crashTenant, needsSeries, scanCrashTenant, simulatorPool } from "../helpers/crashTenant.js";

/** Every write a proposal cards run makes. A write not listed here fails the test: it would not be crashed at. */
const DECLARED_STEPS = [
  "store.claimDelivery",
  "store.replaceDelivery",
  "store.releaseDelivery",
  "store.saveConversation",
  "teams.ensureConversation",
  "teams.sendCard",
  "teams.updateCard",
] as const;
const STORE_READS = ["getDelivery", "listShownSince", "findByActivity", "getConversation"];
const CONCURRENCY = 3;
const TICK = 15 * 60_000;

const NOW = new Date(crashTenant.fixture.now);
const connection = inject("azuriteConnectionString");
const pool = simulatorPool();

let pairs: PairRecord[];
let scannedAt: Date;

beforeAll(async () => {
  const sim = await pool.fresh();
  const scan = await scanCrashTenant(simulatorGateway(sim));
  scannedAt = scan.scannedAt;
  // Two proposals: two cards to send.
  pairs = scan.pairs.filter(needsSeries).slice(0, 2);
  await pool.close(sim);
}, 60_000);
afterAll(() => pool.closeAll());

interface EndState {
  rows: TableRows;
  /** Per `user proposal`: how many cards the Bot Connector holds. */
  cards: Map<string, number>;
  steps: string[];
  restarts: number;
  results: SendProposalCardsResult[];
}

async function runCase(crash?: CrashPoint): Promise<EndState> {
  const sim = await pool.fresh();
  try {
    const env = {
      AzureWebJobsStorage: connection,
      CADENCE_SCAN_SCHEDULE: "0 0 2 * * *",
      ...simulatorSettings(sim),
    };
    const settings = parseSettings(env);
    const gateway = simulatorGateway(sim, { baseDelayMs: 1, random: () => 0.5, sleep: async () => {} });
    const prefix = `cc${randomUUID().replaceAll("-", "").slice(0, 10)}`;
    const proposals = await ProposalStore.open(connection, prefix);
    const store = await AgendaTableStore.open(connection, prefix);
    // The proposals the cards are about (planning is crashed in its own test).
    await planSeries(
      {
        graph: schedulingGraphFromGateway(gateway),
        store: proposals,
        clock: { now: () => NOW },
        policy: defaultCadencePolicy,
        ...schedulingDomain,
        settings: { mode: "propose", minNoticeHours: 24, proposalTtlDays: 14, excludedUsers: [] },
      },
      { pairs, scannedAt },
    );
    const calendar = upcomingCalendarFromGateway(gateway);
    const teams = teamsDeliveryFromSettings(settings, gatewayFromSettings(settings));
    const results: SendProposalCardsResult[] = [];
    const { steps, restarts } = await runStages(
      (injector: CrashInjector, restart) => [
        {
          name: "proposal cards tick",
          run: async () => {
            const now = new Date(NOW.getTime() + restart * TICK);
            results.push(
              await sendProposalCards({
                clock: { now: () => now },
                proposals: injector.wrap("proposals", proposals, ["get", "list"]),
                mailboxSettings: injector.wrap("calendar", calendar, ["readMailboxSettings"]),
                teams: injector.wrap("teams", teams, []),
                store: injector.wrap("store", store, STORE_READS),
                tenantId: sim.tenantId,
                buildProposalCard: proposalCardFor,
              }),
            );
          },
        },
      ],
      crash,
    );
    const rows = await tableRows(connection, prefix, {
      rewrite: (_table, row) => {
        const data = JSON.parse(String(row.data).replaceAll(`127.0.0.1:${sim.port}`, "<sim>")) as Record<
          string,
          unknown
        >;
        delete data.updatedAt;
        for (const id of ["activityId", "conversationId"]) {
          if (data[id]) data[id] = `<${id}>`;
          if (row[id]) row[id] = `<${id}>`;
        }
        return { ...row, data };
      },
    });
    const cards = new Map<string, number>();
    for (const c of sim.teams.conversationList()) {
      for (const a of c.activities) {
        const id = /"proposalId":"([^"]+)"/.exec(JSON.stringify(a.attachments ?? []))?.[1];
        const key = `${c.userId} ${id ?? "(no proposal)"}`;
        cards.set(key, (cards.get(key) ?? 0) + 1);
      }
    }
    return { rows, cards, steps, restarts, results };
  } finally {
    await pool.close(sim);
  }
}

describe("sendProposalCards (sendCardOnce): crash at every write step", () => {
  it("the next tick after a kill ends as the uninterrupted run did; a card is never sent twice", async () => {
    const clean = await runCase();
    expect(
      undeclaredSteps(clean.steps, DECLARED_STEPS),
      "a write step the crash harness does not cover: add it to DECLARED_STEPS (it is then crashed at)",
    ).toEqual([]);
    expect([...clean.cards.values()]).toEqual([1, 1]);
    expect(clean.results.map((r) => r.sent)).toEqual([2]);

    const problems: string[] = [];
    let duplicates = 0;
    let losses = 0;
    let uncertain = 0;
    const points = crashPoints(clean.steps);
    const runs = await inPool(points, CONCURRENCY, runCase);
    for (const [i, { at, mode }] of points.entries()) {
      const crashed = runs[i]!;
      const where = `${mode === "lost" ? "answer lost at" : `kill ${mode}`} step ${at} (${clean.steps[at]})`;
      expect(crashed.restarts, `${where}: the process was not killed`).toBeGreaterThan(0);
      // At-most-once: a card whose POST a kill made unknowable stays `sending` and is not sent again.
      const unknown = (crashed.rows.Deliveries ?? []).filter((r) => r.state === "sending");
      const unknownCards = unknown.map((r) => {
        const d = r.data as { recipientId: string; occurrenceId: string };
        return `${d.recipientId} ${d.occurrenceId.replace(/^proposal:/, "")}`;
      });
      if (unknown.length > 0) {
        uncertain++;
        // Every later run says so; none sends it again.
        const reported = crashed.results.flatMap((r) =>
          r.uncertain.map((id) => `${unknownCards[0]?.split(" ")[0]} ${id}`),
        );
        expect(reported, `${where}: the uncertain card is reported`).toContain(unknownCards[0]);
      }
      expect(unknown.length, `${where}: at most one delivery left sending`).toBeLessThanOrEqual(1);
      for (const [key, want] of clean.cards) {
        const got = crashed.cards.get(key) ?? 0;
        if (got > want) {
          duplicates += got - want;
          problems.push(`${where}: ${got} cards to ${key}`);
        } else if (got < want && !unknownCards.includes(key)) {
          losses++;
          problems.push(`${where}: no card to ${key}`);
        }
      }
      for (const key of crashed.cards.keys()) {
        if (!clean.cards.has(key)) {
          duplicates++;
          problems.push(`${where}: an extra card ${key}`);
        }
      }
      const diff = diffRows(clean.rows, crashed.rows).filter(
        (d) => !unknown.some((r) => d.startsWith(`different Deliveries ${r.partitionKey}/${r.rowKey}:`)),
      );
      losses += diff.filter((d) => d.startsWith("missing")).length;
      duplicates += diff.filter((d) => d.startsWith("extra")).length;
      problems.push(...diff.map((d) => `${where}: ${d}`));
    }
    printFigures({
      flow: "sendProposalCards (sendCardOnce)",
      writeSteps: clean.steps.length,
      stepNames: clean.steps,
      cases: points.length,
      duplicates,
      losses,
      uncertain,
    } satisfies CrashFigures);
    expect(problems).toEqual([]);
  }, 600_000);
});
