// Classifies one shard's pairs from their managers' calendars and records them; completes the run when last.
import type { CadencePolicy } from "../domain/cadencePolicy.js";
import { classifyPair } from "../domain/classifyPair.js";
import { pairAddressKey } from "../domain/pairAddressKey.js";
import type { PairBaseline } from "../domain/pairBaseline.js";
import type { PairCalendar } from "../domain/pairCalendar.js";
import { pairCalendarFromEvents } from "../domain/pairCalendarFromEvents.js";
import type { PairExclusion } from "../domain/pairExclusion.js";
import { seriesToConfirm } from "../domain/seriesToConfirm.js";
import { AppError } from "../errors.js";
import { confirmSeries } from "./confirmSeries.js";
import type { IncrementalStorePort } from "./ports/incrementalRecords.js";
import type { CalendarRead, Clock, ScanGraph } from "./ports/scanPorts.js";
import type { PairRecord, ScanRun } from "./ports/scanRecords.js";
import type { ScanStorePort } from "./ports/scanStorePort.js";
import type { ShardMessage } from "./shardMessage.js";

const DAY = 86_400_000;

/** Graph answers that say a mailbox can't be read by Cadence at all: the pair is excluded, the scan goes on. */
const UNREADABLE: Record<string, string> = {
  "GRAPH.MAILBOX_NOT_ENABLED": "has no Exchange Online mailbox",
  "GRAPH.NOT_FOUND": "has no mailbox",
  "GRAPH.FORBIDDEN": "is outside the mailboxes Cadence may read",
};

/** CADENCE_HISTORY_DAYS' default, for callers without settings (the CLI, benchmarks). */
export const DEFAULT_HISTORY_DAYS = 90;

export interface ScanShardPorts {
  /** `readEvents` confirms, once per run, the series only a master can settle (see `confirmSeries`). */
  graph: Pick<ScanGraph, "readCalendarViews" | "readEvents">;
  store: ScanStorePort;
  clock: Clock;
  policy: CadencePolicy;
  /** Keeps each pair's calendar and clears the change marks this read covers (incremental scans). */
  incremental?: { store: Pick<IncrementalStorePort, "listDirty" | "clearDirty" | "saveBaselines"> };
  /**
   * Days read beyond the lookahead: the same requests, a little more data, and a kept calendar stays valid for
   * that many days of later scans (the rolling refresh re-reads a manager once it no longer covers the window).
   */
  refreshMarginDays?: number;
  /**
   * Days read before the lookback (default 90): the same requests, more bytes. Never held or scheduled, they show
   * the series a `missing` pair had, so its master can say whether it still runs (see `seriesToConfirm`).
   */
  historyDays?: number;
}

export type ScanShardOutcome =
  | { outcome: "recorded"; pairs: number; runComplete: boolean }
  | { outcome: "alreadyDone" }
  | { outcome: "unknownRun" };

export async function scanShard(ports: ScanShardPorts, shard: ShardMessage): Promise<ScanShardOutcome> {
  const run = await ports.store.getRun(shard.runId);
  if (!run) return { outcome: "unknownRun" };
  // A re-delivery must not overwrite what the run's completion settled (confirmed series, counts).
  if (run.state === "complete") return { outcome: "alreadyDone" };
  if (await ports.store.isShardDone(shard.runId, shard.shardIndex)) {
    // Recorded before, but the delivery failed afterwards (e.g. while completing the run): finish the run now.
    await completeIfLast(ports, run, { retry: true });
    return { outcome: "alreadyDone" };
  }
  const now = new Date(shard.now);
  const needed = [...new Set(shard.pairs.filter((p) => !p.exclusion).map((p) => p.managerId))];
  const window = {
    start: new Date(
      now.getTime() - (ports.policy.lookbackDays + (ports.historyDays ?? DEFAULT_HISTORY_DAYS)) * DAY,
    ),
    end: new Date(now.getTime() + (ports.policy.lookaheadDays + (ports.refreshMarginDays ?? 0)) * DAY),
  };
  const incremental = ports.incremental?.store;
  // Taken before the read: a change notified after this point keeps its mark for the next scan.
  const neededIds = new Set(needed.map((id) => id.toLowerCase()));
  const marks = incremental
    ? (await incremental.listDirty()).filter((m) => neededIds.has(m.mailbox.toLowerCase()))
    : [];
  const calendars = needed.length
    ? await ports.graph.readCalendarViews(needed, window)
    : new Map<string, CalendarRead>();

  const errors: string[] = [];
  const baselines: PairBaseline[] = [];
  const keep = (pair: ShardMessage["pairs"][number], result: PairBaseline["result"]): PairBaseline => {
    const baseline = {
      managerId: pair.managerId,
      reportId: pair.reportId,
      addressKey: pairAddressKey(pair),
      windowStart: window.start.toISOString(),
      windowEnd: window.end.toISOString(),
      readAt: now.toISOString(),
      result,
    };
    baselines.push(baseline);
    return baseline;
  };
  const records = shard.pairs.map((pair): PairRecord => {
    const read = pair.exclusion ? undefined : calendars.get(pair.managerId);
    let excluded: PairExclusion | undefined;
    if (read && !read.ok) {
      const why = UNREADABLE[read.error.code];
      // Throttling or an outage that outlived the gateway's retries: fail the shard so the queue retries it.
      if (!why && isTransient(read.error)) throw read.error;
      if (!why) errors.push(`${pair.managerUpn}: ${read.error.code} ${read.error.message}`);
      excluded = {
        code: "noMailbox",
        detail: `manager ${pair.managerUpn} ${why ?? `calendar could not be read (${read.error.code})`}`,
      };
      // A lasting answer about the mailbox is kept; an unexpected failure is read again next scan.
      if (why) keep(pair, { unreadable: excluded });
    }
    let calendar: PairCalendar | undefined;
    let baseline: PairBaseline | undefined;
    if (read?.ok === true) {
      calendar = pairCalendarFromEvents({ pair, events: read.value, seriesMasters: [] });
      baseline = keep(pair, { calendar });
    }
    const input = calendar
      ? { pair, calendar }
      : { pair, excluded: pair.exclusion ?? excluded ?? missingRead(pair.managerId) };
    const result = classifyPair(input, ports.policy, now);
    const seriesIds = calendar ? seriesToConfirm(calendar, result.status, ports.policy, now) : [];
    return {
      ...result,
      runId: shard.runId,
      managerName: pair.managerName,
      reportName: pair.reportName,
      department: pair.department,
      ...(seriesIds.length > 0 && baseline
        ? {
            seriesToConfirm: {
              seriesIds,
              managerMail: pair.managerMail,
              reportMail: pair.reportMail,
              baseline,
            },
          }
        : {}),
    };
  });

  await ports.store.writePairs(records);
  if (incremental) {
    await incremental.saveBaselines(baselines);
    const kept = new Set(baselines.map((b) => b.managerId.toLowerCase()));
    await incremental.clearDirty(marks.filter((m) => kept.has(m.mailbox.toLowerCase())));
  }
  if (!(await ports.store.markShardDone(shard.runId, shard.shardIndex, errors)))
    return { outcome: "alreadyDone" };
  const runComplete = await completeIfLast(ports, run);
  return { outcome: "recorded", pairs: records.length, runComplete };
}

function isTransient(error: AppError): boolean {
  return ["GRAPH.THROTTLED", "GRAPH.UNAVAILABLE", "GRAPH.NETWORK"].includes(error.code);
}

function missingRead(managerId: string): never {
  throw new AppError("SCAN.CALENDAR_NOT_READ", `The Graph reader returned nothing for mailbox ${managerId}`);
}

/**
 * The shard that finds every marker present confirms the run's marked series (one read for the whole run) and
 * writes the totals. Shards finishing together may all find them; one more marker, one past the last shard's
 * index, elects a single one of them, so the masters are read once per run.
 */
async function completeIfLast(
  ports: ScanShardPorts,
  run: ScanRun,
  options = { retry: false },
): Promise<boolean> {
  const progress = await ports.store.shardProgress(run.runId);
  if (progress.done < run.shardsTotal) return false;
  // On a retry the elected shard may have died after the election: completing again reads the masters twice,
  // which is rare and harmless (the same records and counts are written).
  const elected = await ports.store.markShardDone(run.runId, run.shardsTotal, []);
  if (!elected && !options.retry) return false;
  const listed = await ports.store.listPairs(run.runId);
  const confirmed = await confirmSeries(ports, listed, new Date(run.now));
  if (confirmed.records.length > 0) await ports.store.writePairs(confirmed.records);
  const byKey = new Map(confirmed.records.map((r) => [`${r.managerId}\u0000${r.reportId}`, r]));
  const pairs = listed.map((p) => byKey.get(`${p.managerId}\u0000${p.reportId}`) ?? p);
  const counts: Record<string, number> = {};
  for (const p of pairs) counts[p.status] = (counts[p.status] ?? 0) + 1;
  await ports.store.saveRun({
    ...run,
    state: "complete",
    finishedAt: ports.clock.now().toISOString(),
    shardsDone: run.shardsTotal,
    pairs: pairs.length,
    counts,
    errors: [...progress.errors, ...confirmed.errors].slice(0, 100),
  });
  return true;
}
