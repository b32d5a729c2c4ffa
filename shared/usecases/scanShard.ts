// Classifies one shard's pairs from their managers' calendars and records them; the last one completes the run.
import type { CadencePolicy } from "../domain/cadencePolicy.js";
import { pairAddressKey } from "../domain/pairAddressKey.js";
import type { PairBaseline } from "../domain/pairBaseline.js";
import { pairCalendarFromEvents } from "../domain/pairCalendarFromEvents.js";
import type { PairExclusion } from "../domain/pairExclusion.js";
import { AppError } from "../errors.js";
import { completeScanRun } from "./completeScanRun.js";
import { pairRecord } from "./pairRecord.js";
import type { IncrementalStorePort } from "./ports/incrementalRecords.js";
import type { CalendarRead, Clock, ScanGraph } from "./ports/scanPorts.js";
import type { PairRecord } from "./ports/scanRecords.js";
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
  /**
   * `runComplete`: the run is complete after this re-delivery, so the caller queues the run's series plan. The
   * completing delivery may have died after completing the run but before its plan was queued; nothing stored
   * says whether it was, and planning a run again writes nothing, so every re-delivery of a complete run re-queues it.
   */
  | { outcome: "alreadyDone"; runComplete?: boolean }
  | { outcome: "unknownRun" };

export async function scanShard(ports: ScanShardPorts, shard: ShardMessage): Promise<ScanShardOutcome> {
  const run = await ports.store.getRun(shard.runId);
  if (!run) return { outcome: "unknownRun" };
  // A re-delivery must not overwrite what the run's completion settled (confirmed series, counts).
  if (run.state === "complete") return { outcome: "alreadyDone", runComplete: true };
  if (await ports.store.isShardDone(shard.runId, shard.shardIndex)) {
    // Recorded before, but the delivery failed afterwards (e.g. while completing the run): finish the run now.
    const runComplete = await completeScanRun(ports, run.runId, { retry: true });
    return { outcome: "alreadyDone", runComplete };
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
  const context = { policy: ports.policy, now, runId: shard.runId };
  const records = shard.pairs.map((pair): PairRecord => {
    const read = pair.exclusion ? undefined : calendars.get(pair.managerId);
    if (!read) {
      return pairRecord(pair, { pair, excluded: pair.exclusion ?? missingRead(pair.managerId) }, context);
    }
    if (!read.ok) {
      const why = UNREADABLE[read.error.code];
      // Anything but a lasting answer about the mailbox (throttling or an outage that outlived the gateway's
      // retries, a refused token, a bug) fails the shard so the queue retries it: it says nothing of the mailbox.
      if (!why) throw read.error;
      const excluded: PairExclusion = { code: "noMailbox", detail: `manager ${pair.managerUpn} ${why}` };
      keep(pair, { unreadable: excluded });
      return pairRecord(pair, { pair, excluded }, context);
    }
    const calendar = pairCalendarFromEvents({ pair, events: read.value, seriesMasters: [] });
    return pairRecord(pair, { pair, calendar }, { ...context, baseline: keep(pair, { calendar }) });
  });

  await ports.store.writePairs(records);
  if (incremental) {
    await incremental.saveBaselines(baselines);
    const kept = new Set(baselines.map((b) => b.managerId.toLowerCase()));
    await incremental.clearDirty(marks.filter((m) => kept.has(m.mailbox.toLowerCase())));
  }
  if (!(await ports.store.markShardDone(shard.runId, shard.shardIndex, [])))
    return { outcome: "alreadyDone" };
  const runComplete = await completeScanRun(ports, run.runId);
  return { outcome: "recorded", pairs: records.length, runComplete };
}

function missingRead(managerId: string): never {
  throw new AppError("SCAN.CALENDAR_NOT_READ", `The Graph reader returned nothing for mailbox ${managerId}`);
}
