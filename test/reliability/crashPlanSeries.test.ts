// Crash at every step of planning and booking: planSeries (the series-plans queue message) then the manager's
// accept of each proposal (answerProposal → createSeries), over the real adapters — proposals on Azurite, the Graph
// gateway against the simulator over HTTPS. The process is killed before or after each proposal write and each
// event POST (after = the answer lost), the queue re-delivers the plan or the manager presses accept again, and the
// end state must equal an uninterrupted run's: the same proposals, exactly one series per accepted pair.
import { randomUUID } from "node:crypto";
import type { Event } from "@microsoft/microsoft-graph-types";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Simulator } from "../../dev/sim/server.js";
import { simulatorGateway } from "../../dev/sim/simulatorGateway.js";
import { schedulingDomain } from "../../shared/composition/schedulingDomain.js";
import { schedulingGraphFromGateway } from "../../shared/composition/schedulingGraphFromGateway.js";
import { defaultCadencePolicy } from "../../shared/domain/cadencePolicy.js";
import { proposalId } from "../../shared/domain/proposalId.js";
import { ProposalStore } from "../../shared/store/proposalStore.js";
import { answerProposal } from "../../shared/usecases/answerProposal.js";
import { planSeries } from "../../shared/usecases/planSeries.js";
import type { PairRecord } from "../../shared/usecases/ports/scanRecords.js";
import type { SchedulingMode, SchedulingPorts } from "../../shared/usecases/ports/schedulingPorts.js";
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

/** Every write planning and booking make. A write not listed here fails the test: it would not be crashed at. */
const DECLARED_STEPS = ["store.save", "graph.createEvent"] as const;
const STORE_READS = ["get", "list"];
const GRAPH_READS = ["readMailboxSettings", "readSchedules", "findEventByTransactionId"];
const ADMIN = { kind: "admin", name: "crash" } as const;
/** Crash cases run side by side: each has its own simulator and tables. */
const CONCURRENCY = 3;

// Three managers, sixteen pairs; planning gets every pair but those needing a series (missing or lapsed) beyond
// the first two: two proposals and two series, every other pair a no-op for the planner.
const NOW = new Date(crashTenant.fixture.now);
const connection = inject("azuriteConnectionString");
/** Each case books into untouched calendars: a fresh simulator. */
const pool = simulatorPool();

let pairs: PairRecord[];
let scannedAt: Date;

beforeAll(async () => {
  const sim = await pool.fresh();
  const scan = await scanCrashTenant(gatewayOf(sim));
  scannedAt = scan.scannedAt;
  const needing = scan.pairs.filter(needsSeries);
  pairs = scan.pairs.filter((p) => !needing.includes(p) || needing.indexOf(p) < 2);
}, 60_000);
afterAll(() => pool.closeAll());

function gatewayOf(sim: Simulator) {
  return simulatorGateway(sim, { baseDelayMs: 1, random: () => 0.5, sleep: async () => {} });
}

interface EndState {
  rows: TableRows;
  /** Per pair (manager/report): the start of every series Cadence booked for it, as the simulator holds them. */
  series: Map<string, string[]>;
  steps: string[];
  restarts: number;
}

/**
 * How a killed accept is finished: the manager presses accept again, or the next plan (the next scan's) resumes the
 * accepted or half-created proposal and then the manager presses again (it answers with the series, or books it
 * when the kill came before the accept was stored).
 */
type Recovery = "press again" | "next plan, then press";

async function runCase(
  mode: SchedulingMode,
  crash?: CrashPoint,
  recovery: Recovery = "press again",
): Promise<EndState> {
  const sim = await pool.fresh();
  try {
    const graph = schedulingGraphFromGateway(gatewayOf(sim));
    const prefix = `cp${randomUUID().replaceAll("-", "").slice(0, 10)}`;
    const store = await ProposalStore.open(connection, prefix);
    const needing = pairs.filter((p) => p.status === "missing" || p.status === "lapsed");
    const { steps, restarts } = await runStages((injector: CrashInjector) => {
      const ports: SchedulingPorts = {
        graph: injector.wrap("graph", graph, GRAPH_READS),
        store: injector.wrap("store", store, STORE_READS),
        clock: { now: () => NOW },
        policy: defaultCadencePolicy,
        ...schedulingDomain,
        settings: { mode, minNoticeHours: 24, proposalTtlDays: 14, excludedUsers: [] },
      };
      return [
        // The series-plans message, re-delivered until it succeeds.
        { name: "plan", run: () => planSeries(ports, { pairs, scannedAt }) },
        // Propose mode: the manager accepts each proposal (again, after a kill: a second press).
        ...(mode === "propose"
          ? needing.map((p) => {
              const accept = () =>
                answerProposal(ports, proposalId(p.managerId, p.reportId, 1), { action: "accept" }, ADMIN);
              return {
                name: `accept ${p.reportUpn}`,
                run: accept,
                ...(recovery === "next plan, then press"
                  ? {
                      again: async () => {
                        await planSeries(ports, { pairs, scannedAt });
                        return accept();
                      },
                    }
                  : {}),
              };
            })
          : []),
      ];
    }, crash);
    const rows = await tableRows(connection, prefix, {
      // The event id is the simulator's, numbered in creation order: compared through `series` instead.
      rewrite: (_table, row) => {
        const data = JSON.parse(String(row.data)) as { seriesId: string | null };
        return { ...row, data: { ...data, seriesId: data.seriesId ? "<series>" : null } };
      },
    });
    const series = new Map<string, string[]>();
    const gateway = gatewayOf(sim);
    for (const p of needing) {
      const page = await gateway.get<{ value: Event[] }>(
        `/users/${encodeURIComponent(p.managerUpn)}/events?$select=id,type,transactionId,attendees,start&$top=1000`,
      );
      const booked = page.value.filter(
        (e) =>
          e.type === "seriesMaster" &&
          e.transactionId &&
          e.attendees?.some((a) => a.emailAddress?.address?.toLowerCase() === p.reportUpn.toLowerCase()),
      );
      series.set(`${p.managerUpn}/${p.reportUpn}`, booked.map((e) => e.start?.dateTime ?? "?").sort());
      // The proposal names the series the calendar holds.
      const stored = await store.get(p.managerId, p.reportId);
      if (stored?.proposal.seriesId) {
        expect(booked.map((e) => e.id)).toContain(stored.proposal.seriesId);
      }
    }
    return { rows, series, steps, restarts };
  } finally {
    await pool.close(sim);
  }
}

for (const mode of ["propose", "auto"] as const) {
  describe(`planSeries (${mode} mode)${mode === "propose" ? " and accepting" : ""}: crash at every write step`, () => {
    it("a re-delivered plan, the next plan or a second press after a kill ends as the uninterrupted run did", async () => {
      const clean = await runCase(mode);
      expect(
        undeclaredSteps(clean.steps, DECLARED_STEPS),
        "a write step the crash harness does not cover: add it to DECLARED_STEPS (it is then crashed at)",
      ).toEqual([]);
      // Every needing pair got its series, once.
      expect([...clean.series.values()].map((s) => s.length)).toEqual([1, 1]);
      expect(clean.steps.filter((s) => s === "graph.createEvent")).toHaveLength(2);

      const problems: string[] = [];
      let duplicates = 0;
      let losses = 0;
      const recoveries: Recovery[] =
        mode === "propose" ? ["press again", "next plan, then press"] : ["press again"];
      const cases = recoveries.flatMap((recovery) =>
        crashPoints(clean.steps).map((point) => ({ point, recovery })),
      );
      const runs = await inPool(cases, CONCURRENCY, ({ point, recovery }) => runCase(mode, point, recovery));
      for (const [i, { point, recovery }] of cases.entries()) {
        const crashed = runs[i]!;
        const where = `${point.mode === "lost" ? "answer lost at" : `kill ${point.mode}`} step ${point.at} (${clean.steps[point.at]}), ${recovery}`;
        expect(crashed.restarts, `${where}: the process was not killed`).toBeGreaterThan(0);
        for (const [pair, want] of clean.series) {
          const got = crashed.series.get(pair) ?? [];
          if (got.length > want.length) {
            duplicates += got.length - want.length;
            problems.push(`${where}: ${got.length} series for ${pair}`);
          } else if (got.length < want.length) {
            losses += want.length - got.length;
            problems.push(`${where}: no series for ${pair}`);
          } else if (got.join() !== want.join())
            problems.push(`${where}: ${pair} booked at ${got} not ${want}`);
        }
        const diff = diffRows(clean.rows, crashed.rows);
        losses += diff.filter((d) => d.startsWith("missing")).length;
        duplicates += diff.filter((d) => d.startsWith("extra")).length;
        problems.push(...diff.map((d) => `${where}: ${d}`));
      }
      printFigures({
        flow: `planSeries ${mode}${mode === "propose" ? " + accept" : ""}`,
        writeSteps: clean.steps.length,
        stepNames: clean.steps,
        cases: cases.length,
        duplicates,
        losses,
        uncertain: 0,
      } satisfies CrashFigures);
      expect(problems).toEqual([]);
    }, 600_000);
  });
}
