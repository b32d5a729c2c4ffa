// Table Storage for series proposals: partition = manager, row = report, so a manager's proposals are one
// partition query and a pair's current proposal one point read. ETags make every write conditional.

import { odata, RestError, type TableClient } from "@azure/data-tables";
import { type SeriesProposal, seriesProposalSchema } from "../domain/seriesProposal.js";
import { AppError } from "../errors.js";
import type { ProposalFilter, ProposalStorePort, StoredProposal } from "../usecases/ports/proposalStore.js";
import { openTableClient } from "./openTableClient.js";
import type { StorageConnection } from "./storageConnection.js";

/** Row keys forbid / \ # ? and control characters; percent-encoding removes them all, reversibly. */
const safeKey = encodeURIComponent;

export class ProposalStore implements ProposalStorePort {
  private constructor(private readonly table: TableClient) {}

  /** Opens (and creates when missing) the proposals table in the storage account. */
  static async open(connection: StorageConnection, prefix = "cadence"): Promise<ProposalStore> {
    const table = openTableClient(connection, `${prefix}Proposals`);
    await table.createTable();
    return new ProposalStore(table);
  }

  async get(managerId: string, reportId: string): Promise<StoredProposal | undefined> {
    try {
      const entity = await this.table.getEntity<{ data: string }>(safeKey(managerId), safeKey(reportId));
      return { proposal: parse(entity.data), etag: entity.etag };
    } catch (err) {
      if (err instanceof RestError && err.statusCode === 404) return undefined;
      throw err;
    }
  }

  async list(filter: ProposalFilter = {}): Promise<SeriesProposal[]> {
    const clauses: string[] = [];
    if (filter.managerId !== undefined) clauses.push(odata`PartitionKey eq ${safeKey(filter.managerId)}`);
    if (filter.state !== undefined) clauses.push(odata`state eq ${filter.state}`);
    const found: SeriesProposal[] = [];
    for await (const entity of this.table.listEntities<{ data: string }>(
      clauses.length > 0 ? { queryOptions: { filter: clauses.join(" and ") } } : {},
    )) {
      found.push(parse(entity.data));
    }
    return found;
  }

  async save(proposal: SeriesProposal, etag?: string): Promise<string> {
    // The record travels as one JSON column (Table Storage drops nulls, has no arrays) plus the filtered columns.
    const entity = {
      partitionKey: safeKey(proposal.managerId),
      rowKey: safeKey(proposal.reportId),
      data: JSON.stringify(seriesProposalSchema.parse(proposal)),
      state: proposal.state,
    };
    try {
      const result =
        etag === undefined
          ? await this.table.createEntity(entity)
          : await this.table.updateEntity(entity, "Replace", { etag });
      return result.etag ?? "";
    } catch (err) {
      if (err instanceof RestError && (err.statusCode === 409 || err.statusCode === 412)) {
        throw new AppError("PROPOSAL.CONFLICT", `proposal ${proposal.proposalId} changed meanwhile`, {
          status: 409,
          cause: err,
        });
      }
      throw err;
    }
  }
}

function parse(data: string): SeriesProposal {
  return seriesProposalSchema.parse(JSON.parse(data));
}
