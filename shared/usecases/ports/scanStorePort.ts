// What the scan and the report need from a scan store; Table Storage (ScanStore) and memory implement it.
import type { PairRecord, ScanRun } from "./scanRecords.js";

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
  /** Shards finished so far and the errors they reported. */
  shardProgress(runId: string): Promise<{ done: number; errors: string[] }>;
}
