// What the card handler and the manager digest need from scheduling (issue 9): answering a proposal from its card,
// and the open proposals of a manager. Implemented by the scheduling work; each answer is the refreshed card.
import type { Keyed } from "./schedulingGraph.js";

export interface ProposalSummary {
  proposalId: string;
  reportId: string;
  reportName: string;
  /** The proposed first occurrence (ISO-8601 UTC). */
  firstStart: string;
}

export interface ProposalActions {
  /**
   * Books the proposal (or the alternative chosen on the card, by its slot index). Only the pair's manager may: anyone else gets
   * CARD.NOT_A_PARTICIPANT. Answers with the refreshed proposal card.
   */
  accept(proposalId: string, actorId: string, slotIndex?: number): Promise<Keyed<object>>;
  /** Asks again in `days`. */
  snooze(proposalId: string, days: number, actorId: string): Promise<Keyed<object>>;
  /** Never propose for this pair again. */
  decline(proposalId: string, actorId: string): Promise<Keyed<object>>;
  openProposals(managerId: string): Promise<ProposalSummary[]>;
}
