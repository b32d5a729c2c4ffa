// The one scheduler of `$batch`es: jobs packed 20 to a batch, a few batches in flight, answers per job. Every
// batched reader and writer in shared/graph goes through it, so the packing rules live in one place.
import type { AppError } from "../errors.js";
import { toAppError } from "./toAppError.js";
import type { BatchRequest, BatchResult, GraphGateway } from "./types.js";

export interface BatchJob {
  /** Names the job in the answer; a later job with the same key (a follow-up page) replaces its answer. */
  key: string;
  request: BatchRequest;
  /** Jobs of one group (a mailbox) count together against `perGroupInFlight`. */
  group?: string;
}

export interface RunBatchedOptions<J extends BatchJob> {
  /** `$batch`es in flight at once (default 4). */
  concurrency?: number;
  /** At most this many jobs of one group in flight across all batches (Outlook allows 4 per mailbox). */
  perGroupInFlight?: number;
  /**
   * Called with each job's answer; returns follow-up jobs (the next page). With follow-ups possible, a partial
   * batch waits while others are in flight, since their follow-ups may fill it.
   */
  onAnswer?: (job: J, result: BatchResult) => readonly J[] | undefined;
  /**
   * A batch that failed as a whole (the gateway threw) fails its jobs; when this says the error fails every job
   * alike (a rejected token), no further batch starts and runBatched rejects with it once the others are done.
   */
  stopOn?: (error: AppError) => boolean;
}

const BATCH_SIZE = 20; // Graph's per-$batch limit

/** Runs `jobs` (and their follow-ups) in `$batch`es; the last answer per key. */
export async function runBatched<J extends BatchJob>(
  gateway: GraphGateway,
  jobs: readonly J[],
  options: RunBatchedOptions<J> = {},
): Promise<Map<string, BatchResult>> {
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const perGroup = options.perGroupInFlight ?? Number.POSITIVE_INFINITY;
  const waitToFill = options.onAnswer !== undefined;
  const queue: J[] = [...jobs];
  const answers = new Map<string, BatchResult>();
  const busy = new Map<string, number>();
  let fatal: unknown;

  const take = (): J[] => {
    const batch: J[] = [];
    for (let i = 0; i < queue.length && batch.length < BATCH_SIZE; ) {
      const job = queue[i]!;
      const load = job.group === undefined ? 0 : (busy.get(job.group) ?? 0);
      if (load >= perGroup) {
        i++;
        continue;
      }
      if (job.group !== undefined) busy.set(job.group, load + 1);
      batch.push(job);
      queue.splice(i, 1);
    }
    return batch;
  };

  const run = async (batch: J[]): Promise<void> => {
    let results: BatchResult[];
    try {
      results = await gateway.batch(batch.map((job) => job.request));
    } catch (err) {
      const error = toAppError(err);
      if (options.stopOn?.(error)) fatal ??= error;
      const failed: BatchResult = { ok: false, status: error.status ?? 0, error };
      results = batch.map(() => failed);
    } finally {
      for (const job of batch) {
        if (job.group !== undefined) busy.set(job.group, (busy.get(job.group) ?? 1) - 1);
      }
    }
    batch.forEach((job, i) => {
      // gateway.batch answers every request, in order.
      const result = results[i]!;
      answers.set(job.key, result);
      const more = options.onAnswer?.(job, result);
      if (more && fatal === undefined) queue.push(...more);
    });
  };

  const inFlight = new Set<Promise<void>>();
  while ((queue.length > 0 && fatal === undefined) || inFlight.size > 0) {
    while (fatal === undefined && inFlight.size < concurrency && queue.length > 0) {
      if (waitToFill && inFlight.size > 0 && queue.length < BATCH_SIZE) break;
      const batch = take();
      if (batch.length === 0) break;
      const task: Promise<void> = run(batch).finally(() => inFlight.delete(task));
      inFlight.add(task);
    }
    // With nothing in flight every group is idle, so take() found work: the loop always progresses.
    if (inFlight.size > 0) await Promise.race(inFlight);
  }
  if (fatal !== undefined) throw fatal;
  return answers;
}
