// The proposal card's buttons over answerProposal: who may answer, what the answered card says, the open list.
import { describe, expect, it } from "vitest";
import { proposalId } from "../../../shared/domain/proposalId.js";
import type { SeriesProposal } from "../../../shared/domain/seriesProposal.js";
import { MemoryProposalStore } from "../../../shared/store/memoryProposalStore.js";
import { createProposalActions } from "../../../shared/usecases/createProposalActions.js";
import type { SchedulingPorts } from "../../../shared/usecases/ports/schedulingPorts.js";
import { OPEN_PROPOSAL_DEFAULTS } from "../../helpers/openProposalDefaults.js";

const start = "2027-03-01T14:00:00.000Z";
const end = "2027-03-01T14:30:00.000Z";
const open = (reportId: string): SeriesProposal => ({
  proposalId: proposalId("m1", reportId, 1),
  generation: 1,
  managerId: "m1",
  managerUpn: "m1@contoso.com",
  managerName: "Mia",
  reportId,
  reportUpn: `${reportId}@contoso.com`,
  reportName: reportId.toUpperCase(),
  pairStatus: "missing",
  state: "proposed",
  slots: [
    {
      start,
      end,
      weekday: "monday",
      localTime: "15:00",
      occurrences: [{ start, end }],
      managerTimeZone: "Europe/Rome",
      reportTimeZone: "Europe/Rome",
    },
  ],
  ...OPEN_PROPOSAL_DEFAULTS,
});

async function setUp() {
  const store = new MemoryProposalStore();
  for (const r of ["a", "b", "c"]) await store.save(open(r));
  const ports = {
    store,
    clock: { now: () => new Date("2027-02-22T09:00:00Z") },
  } as unknown as SchedulingPorts;
  const actions = createProposalActions(ports, { buildAnsweredCard: (input) => ({ answered: input }) });
  return { store, actions };
}

describe("createProposalActions", () => {
  it("snoozes and declines for the pair's manager, answering with what happened", async () => {
    const { store, actions } = await setUp();
    expect(await actions.snooze(proposalId("m1", "a", 1), 14, "m1")).toMatchObject({
      ok: true,
      value: { answered: { reportName: "A", outcome: "snoozed" } },
    });
    expect((await store.get("m1", "a"))?.proposal).toMatchObject({
      state: "snoozed",
      snoozedUntil: "2027-03-08T09:00:00.000Z",
      answeredBy: "m1",
    });
    expect(await actions.decline(proposalId("m1", "b", 1), "m1")).toMatchObject({
      ok: true,
      value: { answered: { outcome: "declined" } },
    });
    expect((await actions.openProposals("m1")).map((p) => p.reportId)).toEqual(["c"]);
    expect(await actions.openProposals("m1")).toEqual([
      { proposalId: proposalId("m1", "c", 1), reportId: "c", reportName: "C", firstStart: start },
    ]);
  });

  it("refuses anyone but the pair's manager with a 403, and reports an answered proposal", async () => {
    const { store, actions } = await setUp();
    const outsider = await actions.accept(proposalId("m1", "c", 1), "someone-else");
    expect(!outsider.ok && outsider.error).toMatchObject({ code: "CARD.NOT_A_PARTICIPANT", status: 403 });
    expect((await store.get("m1", "c"))?.proposal.state).toBe("proposed");
    await actions.decline(proposalId("m1", "c", 1), "m1");
    const again = await actions.snooze(proposalId("m1", "c", 1), 14, "m1");
    expect(!again.ok && again.error.code).toBe("PROPOSAL.NOT_OPEN");
    const unknown = await actions.decline("p1.bm8.bm8", "m1");
    expect(!unknown.ok && unknown.error.code).toBe("PROPOSAL.NOT_FOUND");
  });
});
