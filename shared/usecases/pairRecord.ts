// The one way a pair becomes its run's record: classified, labelled for the report, and marked when only its
// series masters can settle it.
import type { CadencePolicy } from "../domain/cadencePolicy.js";
import { classifyPair, type PairInput } from "../domain/classifyPair.js";
import type { PairBaseline } from "../domain/pairBaseline.js";
import { seriesToConfirm } from "../domain/seriesToConfirm.js";
import type { PairRecord } from "./ports/scanRecords.js";
import type { ShardPair } from "./shardMessage.js";

/**
 * Classifies `input` at `now`. With the baseline the calendar was read (or kept) as, a pair whose status only
 * its series masters can settle carries what the run's confirmation needs (see `confirmSeries`).
 */
export function pairRecord(
  pair: ShardPair,
  input: PairInput,
  context: { policy: CadencePolicy; now: Date; runId: string; baseline?: PairBaseline | undefined },
): PairRecord {
  const result = classifyPair(input, context.policy, context.now);
  const record: PairRecord = {
    ...result,
    runId: context.runId,
    managerName: pair.managerName,
    reportName: pair.reportName,
    department: pair.department,
  };
  const calendar = "calendar" in input ? input.calendar : undefined;
  const seriesIds = calendar ? seriesToConfirm(calendar, result.status, context.policy, context.now) : [];
  if (seriesIds.length === 0 || !context.baseline) return record;
  return {
    ...record,
    seriesToConfirm: {
      seriesIds,
      managerMail: pair.managerMail,
      reportMail: pair.reportMail,
      baseline: context.baseline,
    },
  };
}
