// Which managers' calendars an incremental scan must read again, and which pairs it can classify from what it kept.
import type { CadencePolicy } from "./cadencePolicy.js";
import type { ManagerReportPair } from "./managerReportPair.js";
import { pairAddressKey } from "./pairAddressKey.js";
import type { PairBaseline } from "./pairBaseline.js";

const DAY = 86_400_000;

/**
 * Why a manager's calendar is read again, in the order they are checked:
 * - `full`: a full scan reads everyone;
 * - `neverRead`: nothing kept for the manager (new manager, or the first scan since baselines existed);
 * - `dirty`: Graph notified a change to the manager's events since the last read;
 * - `unwatched`: no live change-notification subscription on the mailbox, so a change could go unnoticed;
 * - `pairsChanged`: a report of theirs has no kept calendar under the pair's current addresses (new report,
 *   changed mail or UPN);
 * - `windowExpired`: the kept window no longer covers [now − lookback, now + lookahead] (the rolling refresh).
 */
export type RereadReason = "full" | "neverRead" | "dirty" | "unwatched" | "pairsChanged" | "windowExpired";

export interface RereadInput<P extends ManagerReportPair = ManagerReportPair> {
  pairs: readonly P[];
  /** Kept pairs by `baselineKey(managerId, reportId)`. */
  baselines: ReadonlyMap<string, PairBaseline>;
  /** Managers with a change notified and not yet cleared. */
  dirty: ReadonlySet<string>;
  /** Managers whose mailbox has a live subscription; `null` reads every manager (`full`). */
  watched: ReadonlySet<string> | null;
  now: Date;
  policy: Pick<CadencePolicy, "lookbackDays" | "lookaheadDays">;
}

export interface RereadPlan<P extends ManagerReportPair = ManagerReportPair> {
  /** Managers to read, each with every reason that applies (first = the deciding one). */
  reread: Map<string, RereadReason[]>;
  /** Pairs classified without a Graph request: from their baseline, or excluded by configuration. */
  kept: Array<{ pair: P; baseline: PairBaseline | null }>;
}

export function baselineKey(managerId: string, reportId: string): string {
  return `${managerId.toLowerCase()}\u0000${reportId.toLowerCase()}`;
}

/**
 * A manager is read again when any of their pairs that the policy applies to needs it; all of that manager's
 * pairs then go with the read. A manager whose pairs are all excluded by configuration is never read.
 */
export function planRereads<P extends ManagerReportPair>(input: RereadInput<P>): RereadPlan<P> {
  const t = input.now.getTime();
  const needFrom = t - input.policy.lookbackDays * DAY;
  const needTo = t + input.policy.lookaheadDays * DAY;
  const managersWithBaseline = new Set<string>();
  for (const b of input.baselines.values()) managersWithBaseline.add(b.managerId.toLowerCase());
  const dirty = new Set([...input.dirty].map((id) => id.toLowerCase()));
  const watched = input.watched && new Set([...input.watched].map((id) => id.toLowerCase()));

  const byManager = new Map<string, P[]>();
  for (const pair of input.pairs)
    byManager.set(pair.managerId, [...(byManager.get(pair.managerId) ?? []), pair]);

  const reread = new Map<string, RereadReason[]>();
  const kept: RereadPlan<P>["kept"] = [];
  for (const [managerId, pairs] of byManager) {
    const tracked = pairs.filter((p) => !p.exclusion);
    const id = managerId.toLowerCase();
    const reasons: RereadReason[] = [];
    if (tracked.length > 0) {
      if (watched === null) reasons.push("full");
      else {
        if (!managersWithBaseline.has(id)) reasons.push("neverRead");
        if (dirty.has(id)) reasons.push("dirty");
        if (!watched.has(id)) reasons.push("unwatched");
        const baselines = tracked.map((p) => input.baselines.get(baselineKey(p.managerId, p.reportId)));
        if (
          managersWithBaseline.has(id) &&
          tracked.some((p, i) => baselines[i]?.addressKey !== pairAddressKey(p))
        ) {
          reasons.push("pairsChanged");
        }
        if (
          baselines.some(
            (b) => b && (Date.parse(b.windowStart) > needFrom || Date.parse(b.windowEnd) < needTo),
          )
        ) {
          reasons.push("windowExpired");
        }
      }
    }
    if (reasons.length > 0) {
      reread.set(managerId, reasons);
      continue;
    }
    for (const pair of pairs) {
      kept.push({
        pair,
        baseline: pair.exclusion
          ? null
          : (input.baselines.get(baselineKey(pair.managerId, pair.reportId)) ?? null),
      });
    }
  }
  return { reread, kept };
}
