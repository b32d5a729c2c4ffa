// Proposal cards with small fakes and the real card: each open proposal reaches its manager once, in their language.
import { describe, expect, it } from "vitest";
import { proposalCardFor } from "../../../shared/composition/proposalCardFor.js";
import { CARD_VERBS } from "../../../shared/domain/agenda/cardVerbs.js";
import { proposalId } from "../../../shared/domain/proposalId.js";
import type { SeriesProposal } from "../../../shared/domain/seriesProposal.js";
import { MemoryAgendaStore } from "../../../shared/store/memoryAgendaStore.js";
import { MemoryProposalStore } from "../../../shared/store/memoryProposalStore.js";
import {
  type SendProposalCardsPorts,
  sendProposalCards,
} from "../../../shared/usecases/sendProposalCards.js";
import { OPEN_PROPOSAL_DEFAULTS } from "../../helpers/openProposalDefaults.js";
import { FakeTeams } from "./agendaFakes.js";

const slot = (start: string, end: string) => ({
  start,
  end,
  weekday: "monday" as const,
  localTime: "15:00",
  occurrences: [{ start, end }],
  managerTimeZone: "Europe/Rome",
  reportTimeZone: "America/New_York",
});

const proposal = (
  managerId: string,
  reportId: string,
  over: Partial<SeriesProposal> = {},
): SeriesProposal => ({
  proposalId: proposalId(managerId, reportId, 1),
  generation: 1,
  managerId,
  managerUpn: `${managerId}@contoso.com`,
  managerName: managerId.toUpperCase(),
  reportId,
  reportUpn: `${reportId}@contoso.com`,
  reportName: reportId.toUpperCase(),
  pairStatus: "missing",
  state: "proposed",
  slots: [
    slot("2027-03-01T14:00:00.000Z", "2027-03-01T14:30:00.000Z"),
    slot("2027-03-02T14:00:00.000Z", "2027-03-02T14:30:00.000Z"),
  ],
  ...OPEN_PROPOSAL_DEFAULTS,
  ...over,
});

describe("sendProposalCards", () => {
  it("sends each open proposal's card to its manager once, in the manager's language", async () => {
    const proposals = new MemoryProposalStore();
    await proposals.save(proposal("m1", "a"));
    await proposals.save(proposal("m1", "b", { state: "declined" }));
    await proposals.save(proposal("m2", "c", { expiresAt: "2027-02-21T09:00:00.000Z" }));
    const teams = new FakeTeams();
    const ports: SendProposalCardsPorts = {
      clock: { now: () => new Date("2027-02-22T09:00:00Z") },
      proposals,
      mailboxSettings: {
        readMailboxSettings: async (users) =>
          new Map(users.map((u) => [u, { ok: true as const, value: { language: { locale: "it-IT" } } }])),
      },
      teams,
      store: new MemoryAgendaStore(),
      tenantId: "t",
      buildProposalCard: proposalCardFor,
    };
    const first = await Promise.all([sendProposalCards(ports), sendProposalCards(ports)]);
    expect(first.reduce((n, r) => n + r.sent, 0)).toBe(1);
    expect(await sendProposalCards(ports)).toEqual({ sent: 0, blocked: [], failed: [], uncertain: [] });
    expect(teams.sent.map((s) => s.userId)).toEqual(["m1"]);
    const card = JSON.stringify(teams.sent[0]!.card);
    expect(card).toContain(CARD_VERBS.acceptProposal);
    expect(card).toContain(CARD_VERBS.chooseAlternative);
    expect(card).toContain(proposalId("m1", "a", 1));
    expect(card).toContain("Accetta"); // Italian, from the manager's mailbox language
  });

  it("never sends a card again whose answer was lost (TEAMS.UNCERTAIN); reports it as failed", async () => {
    const proposals = new MemoryProposalStore();
    await proposals.save(proposal("m1", "a"));
    const teams = new FakeTeams();
    const { AppError } = await import("../../../shared/errors.js");
    teams.sendError = new AppError("TEAMS.UNCERTAIN", "no answer; the card may have arrived");
    const ports: SendProposalCardsPorts = {
      clock: { now: () => new Date("2027-02-22T09:00:00Z") },
      proposals,
      mailboxSettings: {
        readMailboxSettings: async (users) =>
          new Map(users.map((u) => [u, { ok: true as const, value: {} }])),
      },
      teams,
      store: new MemoryAgendaStore(),
      tenantId: "t",
      buildProposalCard: proposalCardFor,
    };
    expect((await sendProposalCards(ports)).failed).toEqual([
      { proposalId: proposalId("m1", "a", 1), code: "TEAMS.UNCERTAIN" },
    ]);
    expect(await sendProposalCards(ports)).toEqual({ sent: 0, blocked: [], failed: [], uncertain: [] });
    // Past the claim lease, every run says the card may never have arrived, and still does not send it.
    ports.clock = { now: () => new Date("2027-02-22T09:15:00Z") };
    expect(await sendProposalCards(ports)).toEqual({
      sent: 0,
      blocked: [],
      failed: [],
      uncertain: [proposalId("m1", "a", 1)],
    });
    expect(teams.sent).toEqual([]);
  });
});
