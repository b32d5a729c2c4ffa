import type { SeriesProposal } from "../domain/seriesProposal.js";
import type { ProposalFilter } from "./ports/proposalStore.js";
import type { SchedulingPorts } from "./ports/schedulingPorts.js";

/** Proposals for `GET /api/proposals`, newest first; a non-admin only ever sees their own (filter set by the caller). */
export async function listProposals(
  ports: Pick<SchedulingPorts, "store">,
  filter: ProposalFilter,
): Promise<SeriesProposal[]> {
  return (await ports.store.list(filter)).sort(
    (a, b) => b.createdAt.localeCompare(a.createdAt) || a.proposalId.localeCompare(b.proposalId),
  );
}
