// A stored proposal → the proposal card's input: the ranked slots with both people's zones as the planner kept them.
import type { SeriesProposal } from "../domain/seriesProposal.js";
import { buildProposalCard } from "../teams/buildProposalCard.js";
import { agendaPairKey } from "../usecases/agendaPairKey.js";

export function proposalCardFor(proposal: SeriesProposal, language: string | undefined): object {
  const first = proposal.slots[0]!;
  return buildProposalCard({
    proposalId: proposal.proposalId,
    pairKey: agendaPairKey(proposal.managerId, proposal.reportId),
    manager: {
      name: proposal.managerName ?? proposal.managerUpn,
      timeZone: first.managerTimeZone,
      language,
    },
    report: { name: proposal.reportName ?? proposal.reportUpn, timeZone: first.reportTimeZone },
    slots: proposal.slots.map((s) => ({ start: new Date(s.start), end: new Date(s.end) })),
    reason: proposal.note ?? undefined,
  });
}
