// Scheduling proposals as cards (issue 10): each open proposal goes to its manager once, as a card with accept,
// the alternatives, not now and never. The answer comes back through the bot (handleCardAction → ProposalActions).
import type { MailboxSettings } from "@microsoft/microsoft-graph-types";
import type { SeriesProposal } from "../domain/seriesProposal.js";
import { agendaPairKey } from "./agendaPairKey.js";
import { isStaleClaim } from "./isStaleClaim.js";
import type { ConversationStore, DeliveryRecord, DeliveryStore } from "./ports/agendaStores.js";
import type { ProposalStorePort } from "./ports/proposalStore.js";
import type { Keyed, SchedulingGraph } from "./ports/schedulingGraph.js";
import { type SendCardOncePorts, sendCardOnce } from "./sendCardOnce.js";

export interface SendProposalCardsPorts extends SendCardOncePorts {
  clock: { now(): Date };
  proposals: Pick<ProposalStorePort, "list">;
  mailboxSettings: Pick<SchedulingGraph, "readMailboxSettings">;
  store: DeliveryStore & ConversationStore;
  /** The proposal card in the manager's mailbox language (a language tag, e.g. "it-IT"). */
  buildProposalCard(proposal: SeriesProposal, language: string | undefined): object;
}

export interface SendProposalCardsResult {
  sent: number;
  blocked: string[];
  failed: { proposalId: string; code: string }[];
  /** Proposals whose card a run left mid-send (it died): never sent again, as the card may have arrived. */
  uncertain: string[];
}

/** The delivery record key of a proposal's card: one per proposal (a new generation is a new proposal). */
export function proposalCardKey(proposalId: string): string {
  return `proposal:${proposalId}`;
}

export async function sendProposalCards(ports: SendProposalCardsPorts): Promise<SendProposalCardsResult> {
  const now = ports.clock.now();
  const result: SendProposalCardsResult = { sent: 0, blocked: [], failed: [], uncertain: [] };
  const open = (await ports.proposals.list({ state: "proposed" })).filter(
    (p) => p.slots.length > 0 && Date.parse(p.expiresAt) > now.getTime(),
  );
  // Only the ones not out yet: a quiet run reads one record per open proposal and nothing from Graph.
  const waiting: SeriesProposal[] = [];
  for (const p of open) {
    const existing = await ports.store.getDelivery(proposalCardKey(p.proposalId), p.managerId);
    const stale = existing && isStaleClaim(existing.value, now, ports.claimLeaseMs);
    // A stale `pending` claim sent nothing (sendCardOnce takes it over); a stale `sending` one may have.
    if (!existing || (stale && existing.value.state === "pending")) waiting.push(p);
    else if (stale && existing.value.state === "sending") result.uncertain.push(p.proposalId);
  }
  if (waiting.length === 0) return result;
  const managers = [...new Set(waiting.map((p) => p.managerId))];
  const settings: Map<string, Keyed<MailboxSettings>> = await ports.mailboxSettings.readMailboxSettings(
    managers,
  );
  for (const proposal of waiting) {
    const read = settings.get(proposal.managerId);
    const mailbox = read?.ok ? read.value : undefined;
    const language = mailbox?.language?.locale ?? undefined;
    const slot = proposal.slots[0]!;
    const claim: DeliveryRecord = {
      occurrenceId: proposalCardKey(proposal.proposalId),
      recipientId: proposal.managerId,
      pairKey: agendaPairKey(proposal.managerId, proposal.reportId),
      managerId: proposal.managerId,
      reportId: proposal.reportId,
      managerName: proposal.managerName ?? proposal.managerUpn,
      reportName: proposal.reportName ?? proposal.reportUpn,
      timeZone: mailbox?.timeZone || slot.managerTimeZone,
      language: language ?? "en",
      state: "pending",
      updatedAt: now.toISOString(),
      activityId: null,
      conversationId: null,
      serviceUrl: null,
      start: slot.start,
      end: slot.end,
      seriesMasterId: null,
      joinUrl: null,
      error: null,
    };
    const outcome = await sendCardOnce(ports, now, claim, () => ports.buildProposalCard(proposal, language));
    if (outcome.kind === "sent") result.sent++;
    else if (outcome.kind === "blocked") result.blocked.push(proposal.managerId);
    else if (outcome.kind === "failed")
      result.failed.push({ proposalId: proposal.proposalId, code: outcome.code });
  }
  return result;
}
