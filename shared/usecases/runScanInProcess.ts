// A whole scan in one process (the CLI's audits, benchmarks): scanTenant, then every shard with bounded concurrency.
import type { ScanRun } from "./ports/scanRecords.js";
import { type ScanShardPorts, scanShard } from "./scanShard.js";
import { type ScanTenantPorts, scanTenant } from "./scanTenant.js";

export interface ScanProgress {
  shardsDone: number;
  shardsTotal: number;
  pairsDone: number;
  pairsTotal: number;
}

export async function runScanInProcess(
  ports: ScanTenantPorts & ScanShardPorts,
  options: { concurrency?: number; onProgress?: (progress: ScanProgress) => void } = {},
): Promise<ScanRun> {
  const { run, shards } = await scanTenant(ports);
  const progress: ScanProgress = {
    shardsDone: 0,
    shardsTotal: shards.length,
    pairsDone: 0,
    pairsTotal: run.pairs,
  };
  options.onProgress?.({ ...progress });
  let next = 0;
  const worker = async () => {
    while (next < shards.length) {
      const shard = shards[next++]!;
      await scanShard(ports, shard);
      progress.shardsDone++;
      progress.pairsDone += shard.pairs.length;
      options.onProgress?.({ ...progress });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  const finished = await ports.store.getRun(run.runId);
  if (!finished) throw new Error(`scan ${run.runId} vanished from its store`);
  return finished;
}
