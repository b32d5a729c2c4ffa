// Classifies one shard's pairs from their managers' calendars and records them; completes the run when last.
import type { CadencePolicy } from "../domain/cadencePolicy.js";
import { classifyPair } from "../domain/classifyPair.js";
import { pairAddressKey } from "../domain/pairAddressKey.js";
import type { PairBaseline } from "../domain/pairBaseline.js";
import type { PairCalendar } from "../domain/pairCalendar.js";
import { pairCalendarFromEvents } from "../domain/pairCalendarFromEvents.js";
import type { PairExclusion } from "../domain/pairExclusion.js";
import { AppError } from "../errors.js";
import type { IncrementalStorePort } from "../store/incrementalRecords.js";
import type { PairRecord, ScanRun } from "../store/scanRecords.js";
import type { CalendarRead, Clock, ScanGraph, ScanStorePort } from "./scanPorts.js";
import type { ShardMessage } from "./shardMessage.js";

const DAY = 86_400_000;

/** Graph answers that say a mailbox can't be read by Cadence at all: the pair is excluded, the scan goes on. */
const UNREADABLE: Record<string, string> = {
  "GRAPH.MAILBOX_NOT_ENABLED": "has no Exchange Online mailbox",
  "GRAPH.NOT_FOUND": "has no mailbox",
  "GRAPH.FORBIDDEN": "is outside the mailboxes Cadence may read",
};

export interface ScanShardPorts {
  graph: Pick<ScanGraph, "readCalendarViews">;
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
}

export type ScanShardOutcome =
  | { outcome: "recorded"; pairs: number; runComplete: boolean }
  | { outcome: "alreadyDone" }
  | { outcome: "unknownRun" };

export async function scanShard(ports: ScanShardPorts, shard: ShardMessage): Promise<ScanShardOutcome> {
  const run = await ports.store.getRun(shard.runId);
  if (!run) return { outcome: "unknownRun" };
  const now = new Date(shard.now);
  const needed = [...new Set(shard.pairs.filter((p) => !p.exclusion).map((p) => p.managerId))];
  const window = {
    start: new Date(now.getTime() - ports.policy.lookbackDays * DAY),
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
  const keep = (pair: ShardMessage["pairs"][number], result: PairBaseline["result"]) =>
    baselines.push({
      managerId: pair.managerId,
      reportId: pair.reportId,
      addressKey: pairAddressKey(pair),
      windowStart: window.start.toISOString(),
      windowEnd: window.end.toISOString(),
      readAt: now.toISOString(),
      result,
    });
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
    if (read?.ok === true) {
      calendar = pairCalendarFromEvents({ pair, events: read.value, seriesMasters: [] });
      keep(pair, { calendar });
    }
    const input = calendar
      ? { pair, calendar }
      : { pair, excluded: pair.exclusion ?? excluded ?? missingRead(pair.managerId) };
    return {
      ...classifyPair(input, ports.policy, now),
      runId: shard.runId,
      managerName: pair.managerName,
      reportName: pair.reportName,
      department: pair.department,
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

/** The shard that finds every marker present writes the totals; two finishing together write the same. */
async function completeIfLast(ports: ScanShardPorts, run: ScanRun): Promise<boolean> {
  const progress = await ports.store.shardProgress(run.runId);
  if (progress.done < run.shardsTotal) return false;
  const counts: Record<string, number> = {};
  const pairs = await ports.store.listPairs(run.runId);
  for (const p of pairs) counts[p.status] = (counts[p.status] ?? 0) + 1;
  await ports.store.saveRun({
    ...run,
    state: "complete",
    finishedAt: ports.clock.now().toISOString(),
    shardsDone: progress.done,
    pairs: pairs.length,
    counts,
    errors: progress.errors.slice(0, 100),
  });
  return true;
}
