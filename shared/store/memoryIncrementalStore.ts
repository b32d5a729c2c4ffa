// The incremental store in memory, for unit tests of the planning and the notification path.
import { type PairBaseline, pairBaselineSchema } from "../domain/pairBaseline.js";
import type {
  DirectorySnapshot,
  DirtyMark,
  IncrementalStorePort,
  SubscriptionRecord,
} from "../usecases/ports/incrementalRecords.js";

const key = (...parts: string[]) => parts.map((p) => p.toLowerCase()).join("\u0000");

export class MemoryIncrementalStore implements IncrementalStorePort {
  private directory: DirectorySnapshot | undefined;
  private readonly baselines = new Map<string, PairBaseline>();
  private readonly dirty = new Map<string, DirtyMark>();
  private readonly subscriptions = new Map<string, SubscriptionRecord>();
  private version = 0;

  async loadDirectory(): Promise<DirectorySnapshot | undefined> {
    return this.directory && structuredClone(this.directory);
  }

  async saveDirectory(snapshot: DirectorySnapshot): Promise<void> {
    this.directory = structuredClone(snapshot);
  }

  async listBaselines(): Promise<PairBaseline[]> {
    return [...this.baselines.values()].map((b) => structuredClone(b));
  }

  async saveBaselines(baselines: readonly PairBaseline[]): Promise<void> {
    for (const b of baselines) this.baselines.set(key(b.managerId, b.reportId), pairBaselineSchema.parse(b));
  }

  async deleteBaselines(pairs: ReadonlyArray<{ managerId: string; reportId: string }>): Promise<void> {
    for (const p of pairs) this.baselines.delete(key(p.managerId, p.reportId));
  }

  async listDirty(): Promise<DirtyMark[]> {
    return [...this.dirty.values()].map((m) => ({ ...m }));
  }

  async markDirty(mailboxes: readonly string[], _at: Date): Promise<void> {
    for (const mailbox of mailboxes)
      this.dirty.set(key(mailbox), { mailbox, version: String(++this.version) });
  }

  async clearDirty(marks: readonly DirtyMark[]): Promise<void> {
    for (const mark of marks) {
      if (this.dirty.get(key(mark.mailbox))?.version === mark.version) this.dirty.delete(key(mark.mailbox));
    }
  }

  async listSubscriptions(): Promise<SubscriptionRecord[]> {
    return [...this.subscriptions.values()].map((s) => ({ ...s }));
  }

  async saveSubscriptions(records: readonly SubscriptionRecord[]): Promise<void> {
    for (const r of records) this.subscriptions.set(key(r.mailbox), { ...r });
  }

  async deleteSubscriptions(mailboxes: readonly string[]): Promise<void> {
    for (const m of mailboxes) this.subscriptions.delete(key(m));
  }
}
