// Issue #11, "opted-out people get no proposal, card or digest line", for people who opt out AFTER Cadence proposed a
// 1:1 for them: the scan, the planner and the answers over their real parts (msal-node and the Graph client against
// the simulator over HTTPS, proposals in Azurite's Table Storage).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateTenant } from "../../dev/sim/generate/generateTenant.js";
import { type Simulator, startSimulator } from "../../dev/sim/server.js";
import { simulatorGateway } from "../../dev/sim/simulatorGateway.js";
import { type AzuriteHandle, startAzurite } from "../../dev/storage/startAzurite.js";
import { scanGraphFromGateway } from "../../shared/composition/scanGraphFromGateway.js";
import { schedulingDomain } from "../../shared/composition/schedulingDomain.js";
import { schedulingGraphFromGateway } from "../../shared/composition/schedulingGraphFromGateway.js";
import { defaultCadencePolicy } from "../../shared/domain/cadencePolicy.js";
import type { SeriesProposal } from "../../shared/domain/seriesProposal.js";
import type { GraphGateway } from "../../shared/graph/types.js";
import { MemoryScanStore } from "../../shared/store/memoryScanStore.js";
import { ProposalStore } from "../../shared/store/proposalStore.js";
import { answerProposal } from "../../shared/usecases/answerProposal.js";
import { createProposalActions } from "../../shared/usecases/createProposalActions.js";
import { planSeries } from "../../shared/usecases/planSeries.js";
import type { SchedulingPorts } from "../../shared/usecases/ports/schedulingPorts.js";
import { runScanInProcess } from "../../shared/usecases/runScanInProcess.js";

const tenant = generateTenant({ users: 60, seed: 42 });
const NOW = new Date(tenant.fixture.now);

let azurite: AzuriteHandle;
let sim: Simulator;
let gateway: GraphGateway;
let store: ProposalStore;

beforeAll(async () => {
  azurite = await startAzurite();
  sim = await startSimulator({ fixture: tenant.fixture, port: 0 });
  gateway = simulatorGateway(sim, { baseDelayMs: 1, random: () => 0.5, sleep: async () => {} });
  store = await ProposalStore.open(azurite.connectionString, "optout");
}, 120_000);

afterAll(async () => {
  await sim?.close();
  await azurite?.stop();
});

function ports(excludedUsers: string[]): SchedulingPorts {
  return {
    graph: schedulingGraphFromGateway(gateway),
    store,
    clock: { now: () => NOW },
    policy: defaultCadencePolicy,
    ...schedulingDomain,
    settings: { mode: "propose", minNoticeHours: 24, proposalTtlDays: 14, excludedUsers },
  };
}

/** A scan (with the same exclusions the scan would read from CADENCE_EXCLUDED_USERS), then a plan. */
async function scanAndPlan(excludedUsers: string[]): Promise<void> {
  const scans = new MemoryScanStore();
  const run = await runScanInProcess({
    graph: scanGraphFromGateway(gateway),
    store: scans,
    clock: { now: () => NOW },
    policy: defaultCadencePolicy,
    runSuffix: () => "optout",
    exclusions: { excludedUsers },
  });
  await planSeries(ports(excludedUsers), {
    pairs: await scans.listPairs(run.runId),
    scannedAt: new Date(run.now),
  });
}

const eventPosts = () =>
  sim.requests().filter((r) => r.kind === "graph" && r.method === "POST" && /\/events$/.test(r.url));

describe("opting out after a proposal was made", () => {
  it("withdraws the open proposals of their pairs: no card, no digest line, and a late Accept books nothing", async () => {
    await scanAndPlan([]);
    const open = await store.list({ state: "proposed" });
    // A manager with two open proposals opts out, and the report of another manager's proposal does.
    const byManager = new Map<string, SeriesProposal[]>();
    for (const p of open) byManager.set(p.managerId, [...(byManager.get(p.managerId) ?? []), p]);
    const manager = [...byManager.values()].find((ps) => ps.length >= 2)?.[0];
    expect(manager).toBeDefined();
    const report = open.find(
      (p) =>
        p.managerId !== manager!.managerId &&
        p.reportId !== manager!.managerId &&
        (byManager.get(p.managerId)?.length ?? 0) >= 2,
    );
    expect(report).toBeDefined();
    const optedOut = [manager!.managerUpn, report!.reportUpn];
    const involved = (p: SeriesProposal) =>
      p.managerId === manager!.managerId ||
      p.reportId === manager!.managerId ||
      p.reportId === report!.reportId;
    const before = open.filter(involved);
    expect(before.length).toBeGreaterThanOrEqual(3);

    await scanAndPlan(optedOut);

    // What the proposal cards are sent from, and what each manager's digest lists.
    const stillOpen = await store.list({ state: "proposed" });
    expect(stillOpen.filter(involved)).toEqual([]);
    for (const p of before) {
      const now = (await store.get(p.managerId, p.reportId))!.proposal;
      expect(now).toMatchObject({ state: "expired", note: "withdrawn: opted out (CADENCE_EXCLUDED_USERS)" });
    }
    const actions = createProposalActions(ports(optedOut), { buildAnsweredCard: () => ({}) });
    expect(await actions.openProposals(manager!.managerId)).toEqual([]);
    const otherSide = await actions.openProposals(report!.managerId);
    expect(otherSide.map((s) => s.reportId)).not.toContain(report!.reportId);
    // Everyone else's proposals stay as they were, the other report of that manager's among them.
    expect(otherSide.length).toBeGreaterThan(0);
    expect(stillOpen.length).toBe(open.length - before.length);

    // The card sent before the opt-out still has its Accept button: pressing it books nothing.
    const posts = eventPosts().length;
    for (const p of before) {
      await expect(
        answerProposal(
          ports(optedOut),
          p.proposalId,
          { action: "accept" },
          { kind: "user", oid: p.managerId },
        ),
      ).rejects.toMatchObject({ code: expect.stringMatching(/^PROPOSAL\.(NOT_OPEN|OPTED_OUT)$/) });
    }
    expect(eventPosts().length).toBe(posts);
  }, 180_000);

  it("refuses an Accept for an opted-out pair even before the next plan withdraws its proposal", async () => {
    const open = await store.list({ state: "proposed" });
    const target = open[0]!;
    const posts = eventPosts().length;
    await expect(
      answerProposal(ports([target.reportUpn]), target.proposalId, { action: "accept" }, { kind: "admin" }),
    ).rejects.toMatchObject({ code: "PROPOSAL.OPTED_OUT", status: 409 });
    expect(eventPosts().length).toBe(posts);
    expect((await store.get(target.managerId, target.reportId))!.proposal.state).toBe("proposed");
  });
});
