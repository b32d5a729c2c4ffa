// Table Storage for scans. Writes are idempotent so a re-delivered shard or a retried run changes nothing.
import { odata, RestError, type TableClient, type TableEntityResult } from "@azure/data-tables";
import { runIdTicks } from "../domain/newRunId.js";
import {
  type PairRecord,
  pairRecordSchema,
  type ScanRun,
  type ShardSkip,
  scanRunSchema,
  shardSkipSchema,
} from "../usecases/ports/scanRecords.js";
import type { ScanStorePort, ShardProgress } from "../usecases/ports/scanStorePort.js";
import { openTables } from "./openTables.js";
import type { StorageConnection } from "./storageConnection.js";

const RUN_PARTITION = "run";
/** Entity group transactions take at most 100 operations, all in one partition. */
const TRANSACTION_SIZE = 100;

/** Row keys forbid / \ # ? and control characters; percent-encoding removes them all, reversibly. */
const safeKey = encodeURIComponent;

export class ScanStore implements ScanStorePort {
  private constructor(
    private readonly runs: TableClient,
    private readonly shards: TableClient,
    private readonly pairs: TableClient,
  ) {}

  /** Opens (and creates when missing) the scan tables in the storage account. */
  static async open(connection: StorageConnection, prefix = "cadence"): Promise<ScanStore> {
    const t = await openTables(connection, prefix, ["ScanRuns", "ScanShards", "PairResults"]);
    return new ScanStore(t.ScanRuns, t.ScanShards, t.PairResults);
  }

  async saveRun(run: ScanRun): Promise<void> {
    await this.runs.upsertEntity(
      { partitionKey: RUN_PARTITION, rowKey: run.runId, ...toColumns(run) },
      "Replace",
    );
  }

  async getRun(runId: string): Promise<ScanRun | undefined> {
    try {
      return fromRunEntity(await this.runs.getEntity<{ data: string }>(RUN_PARTITION, runId));
    } catch (err) {
      if (err instanceof RestError && err.statusCode === 404) return undefined;
      throw err;
    }
  }

  /** Newest first. */
  async listRuns(limit = 100): Promise<ScanRun[]> {
    const found: ScanRun[] = [];
    const pages = this.runs
      .listEntities<{ data: string }>({ queryOptions: { filter: odata`PartitionKey eq ${RUN_PARTITION}` } })
      .byPage({ maxPageSize: Math.min(limit, 1000) });
    for await (const page of pages) {
      for (const entity of page) {
        found.push(fromRunEntity(entity));
        if (found.length >= limit) return found;
      }
    }
    return found;
  }

  async latestCompleteRun(): Promise<ScanRun | undefined> {
    return (await this.listRuns(1000)).find((r) => r.state === "complete");
  }

  /** Writes a shard's pairs; rewriting the same pairs replaces them with identical rows. */
  async writePairs(records: readonly PairRecord[]): Promise<void> {
    const byRun = new Map<string, PairRecord[]>();
    for (const r of records) byRun.set(r.runId, [...(byRun.get(r.runId) ?? []), r]);
    for (const [runId, rows] of byRun) {
      for (let i = 0; i < rows.length; i += TRANSACTION_SIZE) {
        await this.pairs.submitTransaction(
          rows
            .slice(i, i + TRANSACTION_SIZE)
            .map((r) => [
              "upsert",
              { partitionKey: runId, rowKey: pairKey(r.managerId, r.reportId), ...toColumns(r) },
              "Replace",
            ]),
        );
      }
    }
  }

  async listPairs(runId: string): Promise<PairRecord[]> {
    const rows: PairRecord[] = [];
    for await (const entity of this.pairs.listEntities<{ data: string }>({
      queryOptions: { filter: odata`PartitionKey eq ${runId}` },
    })) {
      rows.push(pairRecordSchema.parse(fromColumns(entity)));
    }
    return rows;
  }

  /**
   * Records that a shard finished; false when it had already been recorded (a re-delivered message),
   * so the caller does not count it twice.
   */
  async markShardDone(runId: string, shardIndex: number, errors: readonly string[]): Promise<boolean> {
    return this.markShard(runId, shardIndex, { errors: JSON.stringify(errors) });
  }

  /** The skip rides on the shard's marker: one insert, so a shard is either recorded or skipped, never both. */
  async markShardSkipped(runId: string, skip: ShardSkip): Promise<boolean> {
    return this.markShard(runId, skip.shardIndex, { errors: "[]", skipped: JSON.stringify(skip) });
  }

  private async markShard(
    runId: string,
    shardIndex: number,
    columns: { errors: string; skipped?: string },
  ): Promise<boolean> {
    try {
      await this.shards.createEntity({
        partitionKey: runId,
        rowKey: shardKey(shardIndex),
        ...columns,
      });
      return true;
    } catch (err) {
      if (err instanceof RestError && err.statusCode === 409) return false;
      throw err;
    }
  }

  /** Failures live in a partition of their own, so the shard markers' partition keeps counting shards only. */
  async noteShardFailure(runId: string, shardIndex: number, error: string): Promise<void> {
    await this.shards.upsertEntity(
      { partitionKey: failuresOf(runId), rowKey: shardKey(shardIndex), error: error.slice(0, 1000) },
      "Replace",
    );
  }

  async shardFailure(runId: string, shardIndex: number): Promise<string | undefined> {
    try {
      return (await this.shards.getEntity<{ error: string }>(failuresOf(runId), shardKey(shardIndex))).error;
    } catch (err) {
      if (err instanceof RestError && err.statusCode === 404) return undefined;
      throw err;
    }
  }

  async isShardDone(runId: string, shardIndex: number): Promise<boolean> {
    try {
      await this.shards.getEntity(runId, shardKey(shardIndex));
      return true;
    } catch (err) {
      if (err instanceof RestError && err.statusCode === 404) return false;
      throw err;
    }
  }

  /** Runs that started before `cutoff`, newest first (row keys sort newest first, so one range query). */
  async runsStartedBefore(cutoff: Date): Promise<ScanRun[]> {
    // startedAt < cutoff ⇔ startedAt ≤ cutoff − 1 ms ⇔ the id's ticks ≥ those of cutoff − 1 ms (ids sort newest first).
    const from = runIdTicks(new Date(cutoff.getTime() - 1));
    const found: ScanRun[] = [];
    for await (const entity of this.runs.listEntities<{ data: string }>({
      queryOptions: { filter: odata`PartitionKey eq ${RUN_PARTITION} and RowKey ge ${from}` },
    })) {
      found.push(fromRunEntity(entity));
    }
    return found;
  }

  /**
   * Deletes a run's pair rows and shard markers, then the run itself, so a purge cut short leaves the run listed
   * and the next one finishes it. Answers how many pair rows went.
   */
  async deleteRun(runId: string): Promise<{ pairs: number }> {
    const pairs = await deletePartition(this.pairs, runId);
    await deletePartition(this.shards, runId);
    await deletePartition(this.shards, failuresOf(runId));
    try {
      await this.runs.deleteEntity(RUN_PARTITION, runId);
    } catch (err) {
      if (!(err instanceof RestError && err.statusCode === 404)) throw err;
    }
    return { pairs };
  }

  /** Shards finished or skipped so far, the errors they reported and the skips (row keys sort by index). */
  async shardProgress(runId: string): Promise<ShardProgress> {
    let done = 0;
    const errors: string[] = [];
    const skipped: ShardSkip[] = [];
    for await (const e of this.shards.listEntities<{ errors: string; skipped?: string }>({
      queryOptions: { filter: odata`PartitionKey eq ${runId}` },
    })) {
      done++;
      errors.push(...(JSON.parse(e.errors) as string[]));
      if (e.skipped) skipped.push(shardSkipSchema.parse(JSON.parse(e.skipped)));
    }
    return { done, errors, skipped };
  }
}

/** Every row of a partition, deleted in transactions of 100 (one partition each); answers how many went. */
async function deletePartition(table: TableClient, partitionKey: string): Promise<number> {
  let deleted = 0;
  let batch: string[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await table.submitTransaction(batch.map((rowKey) => ["delete", { partitionKey, rowKey }]));
    deleted += batch.length;
    batch = [];
  };
  for await (const entity of table.listEntities({
    queryOptions: { filter: odata`PartitionKey eq ${partitionKey}`, select: ["RowKey"] },
  })) {
    batch.push(String(entity.rowKey));
    if (batch.length === TRANSACTION_SIZE) await flush();
  }
  await flush();
  return deleted;
}

function shardKey(shardIndex: number): string {
  return String(shardIndex).padStart(6, "0");
}

function failuresOf(runId: string): string {
  return `${runId}-failures`;
}

function pairKey(managerId: string, reportId: string): string {
  return `${safeKey(managerId)}_${safeKey(reportId)}`;
}

/**
 * A record travels as one JSON column (Table Storage drops nulls and has no arrays), plus copies of the
 * fields queries filter on. A string property holds up to 32K characters; records stay far below that.
 */
function toColumns(value: { status?: string; managerId?: string; state?: string }): Record<string, string> {
  const columns: Record<string, string> = { data: JSON.stringify(value) };
  for (const key of ["status", "managerId", "state"] as const) {
    const v = value[key];
    if (v !== undefined) columns[key] = v;
  }
  return columns;
}

function fromColumns(entity: { data?: unknown }): unknown {
  return JSON.parse(String(entity.data));
}

function fromRunEntity(entity: TableEntityResult<{ data?: unknown }>): ScanRun {
  return scanRunSchema.parse(fromColumns(entity));
}
