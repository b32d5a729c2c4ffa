// Where proposals live: one current proposal per pair, written with optimistic concurrency (ETags) so two
// answers or two planner runs racing on the same pair cannot both win.
import type { ProposalState, SeriesProposal } from "../../domain/seriesProposal.js";

export interface StoredProposal {
  proposal: SeriesProposal;
  etag: string;
}

export interface ProposalFilter {
  managerId?: string | undefined;
  state?: ProposalState | undefined;
}

export interface ProposalStorePort {
  /** The pair's current proposal (any state), or undefined. */
  get(managerId: string, reportId: string): Promise<StoredProposal | undefined>;
  list(filter?: ProposalFilter): Promise<SeriesProposal[]>;
  /**
   * Writes the pair's proposal: without `etag` only when the pair has none yet, with it only when the stored row
   * is unchanged since read. Otherwise throws AppError `PROPOSAL.CONFLICT` (409). Returns the new ETag.
   */
  save(proposal: SeriesProposal, etag?: string): Promise<string>;
}
