// The pairs card delivery works from: the latest complete scan's results (a PairRecord satisfies TrackedPair).
import type { PairResult } from "../../domain/pairResult.js";

export type TrackedPair = PairResult & { managerName: string | null; reportName: string | null };

export interface TrackedPairs {
  /** Every pair of the latest complete scan; empty before the first scan completes. */
  latestPairs(): Promise<TrackedPair[]>;
}
