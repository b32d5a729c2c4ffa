// Starts a scan: reads the directory (in full, or only its changes), turns it into manager/report pairs, classifies
// the pairs whose kept calendars are still valid, and cuts the managers whose calendars must be read into shards.
import { applyUsersDelta } from "../domain/applyUsersDelta.js";
import type { CadencePolicy } from "../domain/cadencePolicy.js";
import { countStatuses } from "../domain/countStatuses.js";
import { newRunId } from "../domain/newRunId.js";
import type { PairExclusion } from "../domain/pairExclusion.js";
import { type PairExclusions, pairsFromDirectory } from "../domain/pairsFromDirectory.js";
import { baselineKey, planRereads, type RereadReason } from "../domain/planRereads.js";
import { replacePairs } from "../domain/replacePairs.js";
import { shardManagers } from "../domain/shardManagers.js";
import { AppError } from "../errors.js";
import { confirmSeries } from "./confirmSeries.js";
import { pairRecord } from "./pairRecord.js";
import type { Clock, DirectoryEntry, IncrementalPorts, ScanGraph } from "./ports/scanPorts.js";
import type { PairRecord, ScanRun } from "./ports/scanRecords.js";
import type { ScanStorePort } from "./ports/scanStorePort.js";
import type { ShardMessage, ShardPair } from "./shardMessage.js";

export interface ScanTenantPorts {
  /** `readEvents` confirms kept pairs' series when no shard will (see `confirmSeries`). */
  graph: Pick<ScanGraph, "listUsers" | "readEvents">;
  store: Pick<ScanStorePort, "saveRun" | "writePairs">;
  clock: Clock;
  policy: CadencePolicy;
  exclusions?: PairExclusions;
  /** A unique suffix for the run id (random in production, fixed in tests). */
  runSuffix: () => string;
  /** Keeps what scans read so later ones read only what changed; without it (the CLI) every scan is full. */
  incremental?: IncrementalPorts;
  /**
   * Whether a shard fits one message of the queue that carries it (the queue adapter knows its encoding);
   * a shard that does not is split. Without it (scans in one process) every shard fits.
   */
  shardFits?: (shard: ShardMessage) => boolean;
}

export interface ScanTenantResult {
  run: ScanRun;
  shards: ShardMessage[];
  /** Managers whose calendars the shards read, per deciding reason; why the scan is full when it is. */
  plan: {
    fullBecause: FullScanCause | null;
    rereads: Partial<Record<RereadReason, number>>;
    keptPairs: number;
  };
}

/** `auto`: incremental when the incremental ports are given and a baseline exists; `full`: read everything. */
export type ScanRequest = "auto" | "full";
export type FullScanCause = "requested" | "notConfigured" | "noBaseline" | "deltaExpired";

/**
 * `runId`: the id a started run already has (prepareScan); `hold`: the run is stored as `preparing` so that no
 * shard counts as queued before the caller has kept the subscriptions and queued them.
 */
export async function scanTenant(
  ports: ScanTenantPorts,
  request: ScanRequest = "auto",
  options: { runId?: string; hold?: boolean } = {},
): Promise<ScanTenantResult> {
  const started = ports.clock.now();
  const { users, fullBecause } = await readDirectory(ports, request, started);
  const mode: ScanRun["mode"] = fullBecause ? "full" : "incremental";
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

  const runId = options.runId ?? newRunId(started, ports.runSuffix());
  const planned = await plan(ports, pairs, started, mode, runId);
  const { rereads } = planned;
  let { kept } = planned;
  const byManager = new Map<string, ShardPair[]>();
  for (const pair of pairs) {
    if (!rereads.has(pair.managerId)) continue;
    byManager.set(pair.managerId, [...(byManager.get(pair.managerId) ?? []), pair]);
  }
  const messages = shardManagers(byManager.keys()).flatMap((managerIds) =>
    fitShards(
      managerIds.flatMap((id) => byManager.get(id) ?? []),
      ports.shardFits &&
        ((pairs) =>
          ports.shardFits!({
            runId,
            shardIndex: 0,
            shardCount: 1,
            now: started.toISOString(),
            managerIds: [...new Set(pairs.map((p) => p.managerId))].slice(0, 20),
            pairs,
          })),
    ),
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
  // Without shards no last shard confirms the kept pairs' series: this scan does, with the same single read.
  let confirmErrors: string[] = [];
  if (shards.length === 0 && kept.some((r) => r.seriesToConfirm)) {
    const confirmed = await confirmSeries(ports, kept, started);
    kept = replacePairs(kept, confirmed.records);
    confirmErrors = confirmed.errors;
  }
  const run: ScanRun = {
    runId,
    mode,
    now: started.toISOString(),
    startedAt: started.toISOString(),
    // A tenant without pairs, or without a calendar to read, has nothing to wait for.
    finishedAt: shards.length === 0 ? started.toISOString() : null,
    state: shards.length === 0 ? "complete" : options.hold ? "preparing" : "running",
    shardsTotal: shards.length,
    shardsDone: 0,
    pairs: pairs.length,
    counts: shards.length === 0 ? countStatuses(kept) : {},
    errors: confirmErrors.slice(0, 100),
  };
  // The kept pairs are written before the run exists for the shards, so the last shard counts them too.
  await ports.store.writePairs(kept);
  await ports.store.saveRun(run);
  const tally: Partial<Record<RereadReason, number>> = {};
  for (const reasons of rereads.values()) tally[reasons[0]!] = (tally[reasons[0]!] ?? 0) + 1;
  return { run, shards, plan: { fullBecause, rereads: tally, keptPairs: kept.length } };
}

/**
 * The directory in full, or the stored one with the users delta applied. The full read takes its deltaLink
 * first, so a change made while the directory is listed is replayed by the next scan rather than lost.
 */
async function readDirectory(
  ports: ScanTenantPorts,
  request: ScanRequest,
  started: Date,
): Promise<{ users: DirectoryEntry[]; fullBecause: FullScanCause | null }> {
  const { incremental } = ports;
  if (!incremental) return { users: await ports.graph.listUsers(), fullBecause: "notConfigured" };
  let fullBecause: FullScanCause | null = request === "full" ? "requested" : null;
  if (!fullBecause) {
    const snapshot = await incremental.store.loadDirectory();
    if (!snapshot) fullBecause = "noBaseline";
    else {
      try {
        const delta = await incremental.graph.readUsersDelta(snapshot.deltaLink);
        const users = applyUsersDelta(snapshot.users, delta.users);
        await incremental.store.saveDirectory({
          users,
          deltaLink: delta.deltaLink,
          savedAt: started.toISOString(),
        });
        return { users, fullBecause: null };
      } catch (err) {
        if (!(err instanceof AppError && err.code === "GRAPH.SYNC_STATE_EXPIRED")) throw err;
        fullBecause = "deltaExpired";
      }
    }
  }
  const deltaLink = await incremental.graph.latestUsersDeltaLink();
  const users = await ports.graph.listUsers();
  await incremental.store.saveDirectory({ users, deltaLink, savedAt: started.toISOString() });
  return { users, fullBecause };
}

/**
 * Which managers the shards read (every one in a full scan) and the records of every other pair, classified at
 * `now` from the calendar kept for it. Baselines of pairs that no longer exist are dropped.
 */
async function plan(
  ports: ScanTenantPorts,
  pairs: readonly ShardPair[],
  now: Date,
  mode: ScanRun["mode"],
  runId: string,
): Promise<{ rereads: Map<string, RereadReason[]>; kept: PairRecord[] }> {
  const store = ports.incremental?.store;
  if (!store || mode === "full") {
    // A manager whose pairs are all excluded has no calendar to read: a shard for it would be a batch slot wasted.
    const rereads = new Map<string, RereadReason[]>(
      pairs.filter((p) => !p.exclusion).map((p) => [p.managerId, ["full"]]),
    );
    const kept = pairs
      .filter((p) => !rereads.has(p.managerId))
      .map((pair) =>
        pairRecord(pair, { pair, excluded: pair.exclusion! }, { policy: ports.policy, now, runId }),
      );
    return { rereads, kept };
  }
  const [baselineList, dirty, subscriptions] = await Promise.all([
    store.listBaselines(),
    store.listDirty(),
    store.listSubscriptions(),
  ]);
  const baselines = new Map(baselineList.map((b) => [baselineKey(b.managerId, b.reportId), b]));
  const current = new Set(pairs.map((p) => baselineKey(p.managerId, p.reportId)));
  const gone = baselineList.filter((b) => !current.has(baselineKey(b.managerId, b.reportId)));
  if (gone.length > 0) await store.deleteBaselines(gone);
  const result = planRereads({
    pairs,
    baselines,
    dirty: new Set(dirty.map((d) => d.mailbox)),
    watched: new Set(
      subscriptions.filter((s) => Date.parse(s.expirationDateTime) > now.getTime()).map((s) => s.mailbox),
    ),
    now,
    policy: ports.policy,
  });
  // Marks on mailboxes no scan will read (former managers, managers of excluded pairs only) would stay forever.
  const tracked = new Set(pairs.filter((p) => !p.exclusion).map((p) => p.managerId.toLowerCase()));
  const stale = dirty.filter((d) => !tracked.has(d.mailbox.toLowerCase()));
  if (stale.length > 0) await store.clearDirty(stale);
  const context = { policy: ports.policy, now, runId };
  // A kept calendar may have slipped into needing its masters since it was read (its last 1:1 left the floor).
  const kept = result.kept.map(({ pair, baseline }) =>
    pair.exclusion || !baseline
      ? pairRecord(pair, { pair, excluded: pair.exclusion ?? unreachable(pair.managerId) }, context)
      : "calendar" in baseline.result
        ? pairRecord(pair, { pair, calendar: baseline.result.calendar }, { ...context, baseline })
        : pairRecord(pair, { pair, excluded: baseline.result.unreadable }, context),
  );
  return { rereads: result.reread, kept };
}

/** planRereads keeps a tracked pair only with its baseline. */
function unreachable(managerId: string): never {
  throw new AppError("SCAN.BASELINE_MISSING", `No kept calendar for a pair of manager ${managerId}`);
}

/**
 * Graph's `mail` is empty for users without an Exchange Online mailbox. The manager's mailbox is confirmed
 * when the shard reads it; the report's is never read, so this is the only signal for the report's side.
 */
function noMailbox(user: DirectoryEntry, role: "manager" | "report"): PairExclusion | null {
  return user.mail ? null : { code: "noMailbox", detail: `${role} ${user.userPrincipalName} has no mailbox` };
}

/** Splits a shard's pairs in halves until each fits `fits`; a huge team is spread over several shards. */
function fitShards(pairs: ShardPair[], fits: ((pairs: ShardPair[]) => boolean) | undefined): ShardPair[][] {
  if (!fits || pairs.length <= 1 || fits(pairs)) return [pairs];
  const half = Math.ceil(pairs.length / 2);
  return [...fitShards(pairs.slice(0, half), fits), ...fitShards(pairs.slice(half), fits)];
}
