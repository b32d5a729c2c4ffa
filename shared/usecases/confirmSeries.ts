// The run's series confirmation: reads the series masters that only they can settle and classifies those pairs again.
import type { Event } from "@microsoft/microsoft-graph-types";
import type { CadencePolicy } from "../domain/cadencePolicy.js";
import type { PairBaseline } from "../domain/pairBaseline.js";
import { withSeriesMasters } from "../domain/withSeriesMasters.js";
import { pairRecord } from "./pairRecord.js";
import type { IncrementalStorePort } from "./ports/incrementalRecords.js";
import type { EventRef, ScanGraph } from "./ports/scanPorts.js";
import type { PairRecord } from "./ports/scanRecords.js";

export interface ConfirmSeriesPorts {
  graph: Pick<ScanGraph, "readEvents">;
  policy: CadencePolicy;
  incremental?: { store: Pick<IncrementalStorePort, "saveBaselines"> };
}

export interface ConfirmSeriesResult {
  /** Every marked record classified again (or as it was, when its masters could not be read), unmarked. */
  records: PairRecord[];
  /** Masters that could not be read for another reason than being gone, for the run's errors. */
  errors: string[];
}

/**
 * Reads the masters of every marked record in one go (20 per `$batch`: a handful of requests per run, none per
 * shard), adds them to each pair's calendar and classifies it again at `now`. A master that is gone (404) keeps
 * the pair as it was and is recorded as gone in the kept calendar, as is every master read: the next
 * incremental scan that keeps the pair classifies it the same way without reading the master again. A master
 * that could not be read (throttled, forbidden…) leaves the pair as it was, unconfirmed, and its calendar
 * unchanged, so the next scan tries again. Records without a mark are ignored.
 */
export async function confirmSeries(
  ports: ConfirmSeriesPorts,
  records: readonly PairRecord[],
  now: Date,
): Promise<ConfirmSeriesResult> {
  const marked = records.filter((r) => r.seriesToConfirm);
  if (marked.length === 0) return { records: [], errors: [] };
  const refs: EventRef[] = marked.flatMap((r) =>
    r.seriesToConfirm!.seriesIds.map((id) => ({ mailbox: r.managerId, id })),
  );
  const read = ports.graph.readEvents ? await ports.graph.readEvents(refs) : undefined;
  const answers = new Map<string, Awaited<ReturnType<NonNullable<ScanGraph["readEvents"]>>>[number]>();
  refs.forEach((ref, i) => {
    const answer = read?.[i];
    if (answer) answers.set(refKey(ref.mailbox, ref.id), answer);
  });

  const errors: string[] = [];
  const baselines: PairBaseline[] = [];
  const confirmed = marked.map((record): PairRecord => {
    const { seriesToConfirm: mark, ...unmarked } = record;
    const { seriesIds, baseline, managerMail, reportMail } = mark!;
    const masters = new Map<string, Event | null>();
    let unread = !read;
    for (const id of seriesIds) {
      const answer = answers.get(refKey(record.managerId, id));
      if (answer?.ok) masters.set(id, answer.value);
      else if (answer?.error.code === "GRAPH.NOT_FOUND") masters.set(id, null);
      else {
        unread = true;
        if (answer)
          errors.push(`${record.managerUpn}: series ${id}: ${answer.error.code} ${answer.error.message}`);
      }
    }
    if (unread || !("calendar" in baseline.result)) return unmarked;
    const pair = {
      managerId: record.managerId,
      managerUpn: record.managerUpn,
      managerMail,
      reportId: record.reportId,
      reportUpn: record.reportUpn,
      reportMail,
      exclusion: null,
      managerName: record.managerName,
      reportName: record.reportName,
      department: record.department,
    };
    const calendar = withSeriesMasters(baseline.result.calendar, pair, masters);
    baselines.push({ ...baseline, result: { calendar } });
    // No baseline given: a confirmed pair is never marked again.
    return pairRecord(pair, { pair, calendar }, { policy: ports.policy, now, runId: record.runId });
  });
  if (ports.incremental && baselines.length > 0) await ports.incremental.store.saveBaselines(baselines);
  return { records: confirmed, errors };
}

function refKey(mailbox: string, id: string): string {
  return `${mailbox.toLowerCase()}\n${id}`;
}
