// Table Storage for incremental scans: the paired directory (gzip chunks), pair baselines, change marks, subscriptions.
import { randomUUID } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import { odata, RestError, type TableClient, type TransactionAction } from "@azure/data-tables";
import { type PairBaseline, pairBaselineSchema } from "../domain/pairBaseline.js";
import {
  type DirectorySnapshot,
  type DirtyMark,
  directorySnapshotSchema,
  type IncrementalStorePort,
  type SubscriptionRecord,
  subscriptionRecordSchema,
} from "../usecases/ports/incrementalRecords.js";
import { openTables } from "./openTables.js";
import type { StorageConnection } from "./storageConnection.js";

const DIRECTORY = "dir";
const DIRTY = "dirty";
const SUBSCRIPTIONS = "sub";
const CURRENT = "current";
/** A binary property holds 64 KiB. */
const CHUNK_BYTES = 60 * 1024;
/** A string property holds 32K UTF-16 characters; a larger baseline is not kept (the pair is read every scan). */
const MAX_DATA_CHARS = 32_000;
const TRANSACTION_SIZE = 100;

/** Keys are lowercased (Graph ids compare case-insensitively) and percent-encoded (no / \ # ? in keys). */
const safeKey = (s: string) => encodeURIComponent(s.toLowerCase());

export class IncrementalStore implements IncrementalStorePort {
  private constructor(
    private readonly state: TableClient,
    private readonly baselines: TableClient,
  ) {}

  static async open(connection: StorageConnection, prefix = "cadence"): Promise<IncrementalStore> {
    const t = await openTables(connection, prefix, ["Incremental", "Baselines"]);
    return new IncrementalStore(t.Incremental, t.Baselines);
  }

  async loadDirectory(): Promise<DirectorySnapshot | undefined> {
    const pointer = await this.get<{ generation: string; chunks: number; meta: string }>(DIRECTORY, CURRENT);
    if (!pointer) return undefined;
    const parts: Buffer[] = [];
    for (let i = 0; i < pointer.chunks; i++) {
      const chunk = await this.get<{ data: Uint8Array }>(DIRECTORY, chunkKey(pointer.generation, i));
      if (!chunk) return undefined; // a half-written snapshot: the caller falls back to a full scan
      parts.push(Buffer.from(chunk.data));
    }
    const users = JSON.parse(gunzipSync(Buffer.concat(parts)).toString("utf8")) as unknown;
    return directorySnapshotSchema.parse({ ...(JSON.parse(pointer.meta) as object), users });
  }

  /** Writes the new generation's chunks, then points at them, then drops the older generations. */
  async saveDirectory(snapshot: DirectorySnapshot): Promise<void> {
    const { users, ...meta } = directorySnapshotSchema.parse(snapshot);
    const zipped = gzipSync(JSON.stringify(users));
    const generation = `${Date.parse(meta.savedAt)}-${randomUUID().slice(0, 8)}`;
    const chunks = Math.max(1, Math.ceil(zipped.length / CHUNK_BYTES));
    for (let i = 0; i < chunks; i++) {
      await this.state.upsertEntity(
        {
          partitionKey: DIRECTORY,
          rowKey: chunkKey(generation, i),
          data: new Uint8Array(zipped.subarray(i * CHUNK_BYTES, (i + 1) * CHUNK_BYTES)),
        },
        "Replace",
      );
    }
    await this.state.upsertEntity(
      { partitionKey: DIRECTORY, rowKey: CURRENT, generation, chunks, meta: JSON.stringify(meta) },
      "Replace",
    );
    for await (const e of this.state.listEntities({
      queryOptions: { filter: odata`PartitionKey eq ${DIRECTORY}`, select: ["RowKey"] },
    })) {
      const row = String(e.rowKey);
      if (row !== CURRENT && !row.startsWith(`${generation}_`)) await this.remove(this.state, DIRECTORY, row);
    }
  }

  async listBaselines(): Promise<PairBaseline[]> {
    const found: PairBaseline[] = [];
    for await (const e of this.baselines.listEntities<{ data: string }>()) {
      const parsed = pairBaselineSchema.safeParse(JSON.parse(String(e.data)));
      // An unreadable row (an older format) only costs a re-read.
      if (parsed.success) found.push(parsed.data);
    }
    return found;
  }

  async saveBaselines(baselines: readonly PairBaseline[]): Promise<void> {
    const byManager = new Map<string, TransactionAction[]>();
    for (const b of baselines) {
      const data = JSON.stringify(pairBaselineSchema.parse(b));
      if (data.length > MAX_DATA_CHARS) continue;
      const partitionKey = safeKey(b.managerId);
      const actions = byManager.get(partitionKey) ?? [];
      actions.push(["upsert", { partitionKey, rowKey: safeKey(b.reportId), data }, "Replace"]);
      byManager.set(partitionKey, actions);
    }
    for (const actions of byManager.values()) {
      for (let i = 0; i < actions.length; i += TRANSACTION_SIZE) {
        await this.baselines.submitTransaction(actions.slice(i, i + TRANSACTION_SIZE));
      }
    }
  }

  async deleteBaselines(pairs: ReadonlyArray<{ managerId: string; reportId: string }>): Promise<void> {
    for (const p of pairs) await this.remove(this.baselines, safeKey(p.managerId), safeKey(p.reportId));
  }

  async listDirty(): Promise<DirtyMark[]> {
    const marks: DirtyMark[] = [];
    for await (const e of this.state.listEntities<{ mailbox: string }>({
      queryOptions: { filter: odata`PartitionKey eq ${DIRTY}` },
    })) {
      marks.push({ mailbox: String(e.mailbox), version: e.etag });
    }
    return marks;
  }

  /** Each mark is rewritten, so its ETag changes: a scan that captured the older one cannot clear it. */
  async markDirty(mailboxes: readonly string[], at: Date): Promise<void> {
    for (const mailbox of new Set(mailboxes)) {
      await this.state.upsertEntity(
        { partitionKey: DIRTY, rowKey: safeKey(mailbox), mailbox, at: at.toISOString() },
        "Replace",
      );
    }
  }

  async clearDirty(marks: readonly DirtyMark[]): Promise<void> {
    for (const mark of marks) await this.remove(this.state, DIRTY, safeKey(mark.mailbox), mark.version);
  }

  async listSubscriptions(): Promise<SubscriptionRecord[]> {
    const found: SubscriptionRecord[] = [];
    for await (const e of this.state.listEntities<{ data: string }>({
      queryOptions: { filter: odata`PartitionKey eq ${SUBSCRIPTIONS}` },
    })) {
      found.push(subscriptionRecordSchema.parse(JSON.parse(String(e.data))));
    }
    return found;
  }

  async saveSubscriptions(records: readonly SubscriptionRecord[]): Promise<void> {
    for (const r of records) {
      await this.state.upsertEntity(
        { partitionKey: SUBSCRIPTIONS, rowKey: safeKey(r.mailbox), data: JSON.stringify(r) },
        "Replace",
      );
    }
  }

  async deleteSubscriptions(mailboxes: readonly string[]): Promise<void> {
    for (const m of mailboxes) await this.remove(this.state, SUBSCRIPTIONS, safeKey(m));
  }

  private async get<T extends object>(partitionKey: string, rowKey: string): Promise<T | undefined> {
    try {
      return await this.state.getEntity<T>(partitionKey, rowKey);
    } catch (err) {
      if (err instanceof RestError && err.statusCode === 404) return undefined;
      throw err;
    }
  }

  /** Deletes a row; gone already (404) or changed since `etag` was read (412) both leave it be. */
  private async remove(
    table: TableClient,
    partitionKey: string,
    rowKey: string,
    etag?: string,
  ): Promise<void> {
    try {
      await table.deleteEntity(partitionKey, rowKey, etag ? { etag } : {});
    } catch (err) {
      if (err instanceof RestError && (err.statusCode === 404 || err.statusCode === 412)) return;
      throw err;
    }
  }
}

function chunkKey(generation: string, index: number): string {
  return `${generation}_${String(index).padStart(4, "0")}`;
}
