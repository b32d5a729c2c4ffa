// What the scan and the report need from a scan store; Table Storage (ScanStore) and memory implement it.
import type { PairRecord, ScanRun, ShardSkip } from "./scanRecords.js";

export interface ScanStorePort {
  saveRun(run: ScanRun): Promise<void>;
  getRun(runId: string): Promise<ScanRun | undefined>;
  /** Newest first. */
  listRuns(limit?: number): Promise<ScanRun[]>;
  /** Writes pairs; rewriting the same pairs replaces them with identical rows. */
  writePairs(records: readonly PairRecord[]): Promise<void>;
  listPairs(runId: string): Promise<PairRecord[]>;
  /** Records that a shard finished; false when it had already been recorded (a re-delivered message). */
  markShardDone(runId: string, shardIndex: number, errors: readonly string[]): Promise<boolean>;
  isShardDone(runId: string, shardIndex: number): Promise<boolean>;
  /**
   * Records that the run goes on without a shard (it counts as finished); false when the shard was already
   * recorded, done or skipped.
   */
  markShardSkipped(runId: string, skip: ShardSkip): Promise<boolean>;
  /** Keeps the latest error of a shard's failed delivery, for the skip should its message be poisoned. */
  noteShardFailure(runId: string, shardIndex: number, error: string): Promise<void>;
  shardFailure(runId: string, shardIndex: number): Promise<string | undefined>;
  /** Shards finished (or skipped) so far, the errors they reported and the shards skipped, by index. */
  shardProgress(runId: string): Promise<ShardProgress>;
}

export interface ShardProgress {
  done: number;
  errors: string[];
  skipped: ShardSkip[];
}
