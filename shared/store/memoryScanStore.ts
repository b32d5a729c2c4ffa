// The scan store in memory, for the CLI's one-shot audits (no storage account on an admin's laptop).
import type { PairRecord, ScanRun, ShardSkip } from "../usecases/ports/scanRecords.js";
import type { ScanStorePort, ShardProgress } from "../usecases/ports/scanStorePort.js";

export class MemoryScanStore implements ScanStorePort {
  private readonly runs = new Map<string, ScanRun>();
  private readonly pairs = new Map<string, Map<string, PairRecord>>();
  private readonly failures = new Map<string, string>();
  private readonly shards = new Map<string, Map<number, { errors: string[]; skip?: ShardSkip }>>();

  async saveRun(run: ScanRun): Promise<void> {
    this.runs.set(run.runId, structuredClone(run));
  }

  async getRun(runId: string): Promise<ScanRun | undefined> {
    const run = this.runs.get(runId);
    return run && structuredClone(run);
  }

  /** Newest first: run ids sort newest first (see newRunId). */
  async listRuns(limit = 100): Promise<ScanRun[]> {
    return [...this.runs.keys()]
      .sort()
      .slice(0, limit)
      .map((id) => structuredClone(this.runs.get(id)!));
  }

  async writePairs(records: readonly PairRecord[]): Promise<void> {
    for (const r of records) {
      const rows = this.pairs.get(r.runId) ?? new Map<string, PairRecord>();
      rows.set(`${r.managerId}\u0000${r.reportId}`, structuredClone(r));
      this.pairs.set(r.runId, rows);
    }
  }

  async listPairs(runId: string): Promise<PairRecord[]> {
    return [...(this.pairs.get(runId)?.values() ?? [])].map((r) => structuredClone(r));
  }

  async markShardDone(runId: string, shardIndex: number, errors: readonly string[]): Promise<boolean> {
    return this.mark(runId, shardIndex, { errors: [...errors] });
  }

  async markShardSkipped(runId: string, skip: ShardSkip): Promise<boolean> {
    return this.mark(runId, skip.shardIndex, { errors: [], skip: structuredClone(skip) });
  }

  private mark(runId: string, shardIndex: number, marker: { errors: string[]; skip?: ShardSkip }): boolean {
    const done = this.shards.get(runId) ?? new Map<number, { errors: string[]; skip?: ShardSkip }>();
    this.shards.set(runId, done);
    if (done.has(shardIndex)) return false;
    done.set(shardIndex, marker);
    return true;
  }

  async isShardDone(runId: string, shardIndex: number): Promise<boolean> {
    return this.shards.get(runId)?.has(shardIndex) ?? false;
  }

  async noteShardFailure(runId: string, shardIndex: number, error: string): Promise<void> {
    this.failures.set(`${runId}\u0000${shardIndex}`, error);
  }

  async shardFailure(runId: string, shardIndex: number): Promise<string | undefined> {
    return this.failures.get(`${runId}\u0000${shardIndex}`);
  }

  async shardProgress(runId: string): Promise<ShardProgress> {
    const done = [...(this.shards.get(runId) ?? new Map()).entries()].sort(([a], [b]) => a - b);
    return {
      done: done.length,
      errors: done.flatMap(([, m]) => m.errors),
      skipped: done.flatMap(([, m]) => (m.skip ? [structuredClone(m.skip)] : [])),
    };
  }
}
