import type { ProposalState, SeriesProposal } from "../domain/seriesProposal.js";
import { AppError } from "../errors.js";
import type { Answerer } from "./answerProposal.js";
import type { SchedulingPorts } from "./ports/schedulingPorts.js";

export interface ProposalQuery {
  /** A manager's id or UPN. */
  manager?: string | undefined;
  state?: ProposalState | undefined;
}

/** Proposals for `GET /api/proposals`, newest first. A manager who is not an admin sees only their own. */
export async function listProposals(
  ports: Pick<SchedulingPorts, "store">,
  query: ProposalQuery,
  by: Answerer,
): Promise<SeriesProposal[]> {
  let manager = query.manager;
  if (by.kind === "user") {
    if (manager !== undefined && manager !== by.oid) {
      throw new AppError("PROPOSAL.FORBIDDEN", "a manager sees only their own proposals", { status: 403 });
    }
    manager = by.oid;
  }
  const byUpn = manager?.includes("@");
  const found = await ports.store.list({ managerId: byUpn ? undefined : manager, state: query.state });
  return found
    .filter((p) => !byUpn || p.managerUpn.toLowerCase() === manager!.toLowerCase())
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.proposalId.localeCompare(b.proposalId));
}
