// A shard the run must go on without (its message reached the poison queue): recorded as skipped, so the run
// completes with the other shards' pairs and says which shard is missing, instead of staying `running` forever.
import { type CompleteScanRunPorts, completeScanRun } from "./completeScanRun.js";
import type { ShardSkip } from "./ports/scanRecords.js";
import type { ScanStorePort } from "./ports/scanStorePort.js";

export interface SkipShardPorts extends CompleteScanRunPorts {
  store: CompleteScanRunPorts["store"] & Pick<ScanStorePort, "markShardSkipped" | "shardFailure">;
}

export type SkipShardOutcome =
  /** `runComplete`: this skip was the run's last shard and completed it (the caller queues the plan). */
  | { outcome: "skipped"; runComplete: boolean; reason: string }
  /** The shard was recorded before its message failed (e.g. while completing the run); the run is finished now. */
  | { outcome: "alreadyDone"; runComplete: boolean }
  /** No such run or no such shard in it (a damaged header): nothing to record. */
  | { outcome: "unknownShard" };

export async function skipShard(
  ports: SkipShardPorts,
  runId: string,
  skip: ShardSkip,
): Promise<SkipShardOutcome> {
  const run = await ports.store.getRun(runId);
  // An index past the last shard would be taken for the run's completion marker (see completeScanRun).
  if (!run || skip.shardIndex >= run.shardsTotal) return { outcome: "unknownShard" };
  if (run.state === "complete" || run.state === "failed")
    return { outcome: "alreadyDone", runComplete: false };
  // The last failed delivery's error, when one was noted (see noteShardFailure), says more than the poison queue.
  const lastError = await ports.store.shardFailure(runId, skip.shardIndex);
  const reason = lastError ? `${skip.reason}; last error: ${lastError}` : skip.reason;
  if (!(await ports.store.markShardSkipped(runId, { ...skip, reason }))) {
    return { outcome: "alreadyDone", runComplete: await completeScanRun(ports, runId, { retry: true }) };
  }
  return { outcome: "skipped", runComplete: await completeScanRun(ports, runId), reason };
}
