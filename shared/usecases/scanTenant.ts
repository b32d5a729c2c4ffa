// Starts a scan: reads the directory once, turns it into manager/report pairs and cuts them into shards.
import type { CadencePolicy } from "../domain/cadencePolicy.js";
import type { PairExclusion } from "../domain/pairExclusion.js";
import { type PairExclusions, pairsFromDirectory } from "../domain/pairsFromDirectory.js";
import { shardManagers } from "../domain/shardManagers.js";
import type { ScanRun } from "../store/scanRecords.js";
import { newRunId } from "../store/scanStore.js";
import type { Clock, DirectoryEntry, ScanGraph, ScanStorePort } from "./scanPorts.js";
import { type ShardMessage, type ShardPair, toShardWire } from "./shardMessage.js";

/** Queue messages hold 64 KiB once base64-encoded (as the Functions host sends them): 48 KiB of JSON. */
const MAX_MESSAGE_BYTES = 48 * 1024;

export interface ScanTenantPorts {
  graph: Pick<ScanGraph, "listUsers">;
  store: Pick<ScanStorePort, "saveRun">;
  clock: Clock;
  policy: CadencePolicy;
  exclusions?: PairExclusions;
  /** A unique suffix for the run id (random in production, fixed in tests). */
  runSuffix: () => string;
}

export interface ScanTenantResult {
  run: ScanRun;
  shards: ShardMessage[];
}

export async function scanTenant(
  ports: ScanTenantPorts,
  mode: ScanRun["mode"] = "full",
): Promise<ScanTenantResult> {
  const started = ports.clock.now();
  const users = await ports.graph.listUsers();
  const byId = new Map(users.map((u) => [u.id, u]));
  const pairs = pairsFromDirectory(users, ports.exclusions).map((pair): ShardPair => {
    const manager = byId.get(pair.managerId)!;
    const report = byId.get(pair.reportId)!;
    return {
      ...pair,
      exclusion: pair.exclusion ?? noMailbox(manager, "manager") ?? noMailbox(report, "report"),
      managerName: manager.displayName ?? null,
      reportName: report.displayName ?? null,
      department: report.department ?? null,
    };
  });

  const runId = newRunId(started, ports.runSuffix());
  const byManager = new Map<string, ShardPair[]>();
  for (const pair of pairs) byManager.set(pair.managerId, [...(byManager.get(pair.managerId) ?? []), pair]);
  const messages = shardManagers(byManager.keys()).flatMap((managerIds) =>
    fitMessages(managerIds.flatMap((id) => byManager.get(id) ?? [])),
  );
  const shards = messages.map(
    (pairsOfShard, shardIndex): ShardMessage => ({
      runId,
      shardIndex,
      shardCount: messages.length,
      now: started.toISOString(),
      managerIds: [...new Set(pairsOfShard.map((p) => p.managerId))],
      pairs: pairsOfShard,
    }),
  );
  const run: ScanRun = {
    runId,
    mode,
    now: started.toISOString(),
    startedAt: started.toISOString(),
    // A tenant without pairs has nothing to wait for.
    finishedAt: shards.length === 0 ? started.toISOString() : null,
    state: shards.length === 0 ? "complete" : "running",
    shardsTotal: shards.length,
    shardsDone: 0,
    pairs: pairs.length,
    counts: {},
    errors: [],
  };
  await ports.store.saveRun(run);
  return { run, shards };
}

/**
 * Graph's `mail` is empty for users without an Exchange Online mailbox. The manager's mailbox is confirmed
 * when the shard reads it; the report's is never read, so this is the only signal for the report's side.
 */
function noMailbox(user: DirectoryEntry, role: "manager" | "report"): PairExclusion | null {
  return user.mail ? null : { code: "noMailbox", detail: `${role} ${user.userPrincipalName} has no mailbox` };
}

/** Splits a shard's pairs until each message fits a queue message; a huge team is spread over several. */
function fitMessages(pairs: ShardPair[]): ShardPair[][] {
  if (pairs.length <= 1 || wireBytes(pairs) <= MAX_MESSAGE_BYTES) return [pairs];
  const half = Math.ceil(pairs.length / 2);
  return [...fitMessages(pairs.slice(0, half)), ...fitMessages(pairs.slice(half))];
}

function wireBytes(pairs: ShardPair[]): number {
  const managerIds = [...new Set(pairs.map((p) => p.managerId))].slice(0, 20);
  const probe = {
    runId: "r",
    shardIndex: 0,
    shardCount: 1,
    now: new Date(0).toISOString(),
    managerIds,
    pairs,
  };
  // Room for the real header (run id, index, count) besides the compressed pairs.
  return Buffer.byteLength(JSON.stringify(toShardWire(probe))) + 512;
}
