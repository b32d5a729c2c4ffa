// Proposals in memory, for the CLI's one-shot plans and the use-case tests; same concurrency rules as the table.

import type { SeriesProposal } from "../domain/seriesProposal.js";
import { AppError } from "../errors.js";
import type { ProposalFilter, ProposalStorePort, StoredProposal } from "../usecases/ports/proposalStore.js";

export class MemoryProposalStore implements ProposalStorePort {
  private readonly rows = new Map<string, StoredProposal>();
  private version = 0;

  async get(managerId: string, reportId: string): Promise<StoredProposal | undefined> {
    const row = this.rows.get(key(managerId, reportId));
    return row && structuredClone(row);
  }

  async list(filter: ProposalFilter = {}): Promise<SeriesProposal[]> {
    return [...this.rows.values()]
      .map((r) => r.proposal)
      .filter((p) => filter.managerId === undefined || p.managerId === filter.managerId)
      .filter((p) => filter.state === undefined || p.state === filter.state)
      .map((p) => structuredClone(p));
  }

  async save(proposal: SeriesProposal, etag?: string): Promise<string> {
    const k = key(proposal.managerId, proposal.reportId);
    const current = this.rows.get(k);
    if (etag === undefined ? current !== undefined : current?.etag !== etag) {
      throw new AppError("PROPOSAL.CONFLICT", `proposal ${proposal.proposalId} changed meanwhile`, {
        status: 409,
      });
    }
    const next = `W/"${++this.version}"`;
    this.rows.set(k, { proposal: structuredClone(proposal), etag: next });
    return next;
  }
}

const key = (managerId: string, reportId: string) => `${managerId}\u0000${reportId}`;
