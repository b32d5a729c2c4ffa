// What incremental scans keep between runs: the directory they paired, each pair's 1:1s, change marks, subscriptions.
import { z } from "zod";
import type { PairBaseline } from "../../domain/pairBaseline.js";
import { directoryEntrySchema } from "../../domain/pairsFromDirectory.js";

export const directorySnapshotSchema = z.object({
  users: z.array(directoryEntrySchema),
  /** The users delta link that continues from this snapshot. */
  deltaLink: z.string().min(1),
  savedAt: z.iso.datetime(),
});
export type DirectorySnapshot = z.infer<typeof directorySnapshotSchema>;

/** A change notified for a mailbox; `version` changes with every new notification (an ETag in Table Storage). */
export interface DirtyMark {
  mailbox: string;
  version: string;
}

export const subscriptionRecordSchema = z.object({
  /** The manager's user id whose events the subscription watches. */
  mailbox: z.string().min(1),
  subscriptionId: z.string().min(1),
  expirationDateTime: z.iso.datetime({ offset: true }),
});
export type SubscriptionRecord = z.infer<typeof subscriptionRecordSchema>;

export interface IncrementalStorePort {
  loadDirectory(): Promise<DirectorySnapshot | undefined>;
  saveDirectory(snapshot: DirectorySnapshot): Promise<void>;
  listBaselines(): Promise<PairBaseline[]>;
  /** Replaces each pair's baseline (by manager and report). */
  saveBaselines(baselines: readonly PairBaseline[]): Promise<void>;
  deleteBaselines(pairs: ReadonlyArray<{ managerId: string; reportId: string }>): Promise<void>;
  listDirty(): Promise<DirtyMark[]>;
  markDirty(mailboxes: readonly string[], at: Date): Promise<void>;
  /** Clears marks still at the version given; a mark renewed since (a newer notification) stays. */
  clearDirty(marks: readonly DirtyMark[]): Promise<void>;
  listSubscriptions(): Promise<SubscriptionRecord[]>;
  saveSubscriptions(records: readonly SubscriptionRecord[]): Promise<void>;
  deleteSubscriptions(mailboxes: readonly string[]): Promise<void>;
}
