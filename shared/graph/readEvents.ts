import type { Event } from "@microsoft/microsoft-graph-types";
import type { KeyedResult } from "../usecases/ports/keyedResult.js";
import type { EventRef } from "../usecases/ports/scanPorts.js";
import { toAppError } from "./toAppError.js";
import type { GraphGateway } from "./types.js";

/**
 * For series masters: the pattern and range decide the rhythm, createdDateTime whether it is new, the people
 * whether it is a 1:1, cancelledOccurrences which of its occurrences calendarView leaves out.
 */
const MASTER_SELECT = [
  "id",
  "type",
  "recurrence",
  "start",
  "end",
  "isCancelled",
  "cancelledOccurrences",
  "createdDateTime",
  "organizer",
  "attendees",
] as const;

const BATCH_SIZE = 20; // Graph's per-$batch limit
const PER_MAILBOX = 4; // Outlook's concurrent requests per mailbox per app

/**
 * Reads single events (typically series masters seen through their occurrences), batched 20 per `$batch` with
 * never more than 4 requests for one mailbox in flight. One result per ref, in order; a failed ref gets a typed error.
 */
export async function readEvents(
  gateway: GraphGateway,
  refs: readonly EventRef[],
  select: readonly string[] = MASTER_SELECT,
  options: { concurrency?: number } = {},
): Promise<KeyedResult<Event>[]> {
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const unique = new Map<string, EventRef>();
  for (const ref of refs) unique.set(refKey(ref), ref);
  const queue = [...unique.values()];
  const answers = new Map<string, KeyedResult<Event>>();
  const busy = new Map<string, number>();
  const mailboxKey = (ref: EventRef) => ref.mailbox.toLowerCase();

  const takeBatch = (): EventRef[] => {
    const batch: EventRef[] = [];
    for (let i = 0; i < queue.length && batch.length < BATCH_SIZE; ) {
      const ref = queue[i]!;
      const load = busy.get(mailboxKey(ref)) ?? 0;
      if (load >= PER_MAILBOX) {
        i++;
        continue;
      }
      busy.set(mailboxKey(ref), load + 1);
      batch.push(ref);
      queue.splice(i, 1);
    }
    return batch;
  };

  const run = async (batch: EventRef[]): Promise<void> => {
    try {
      const results = await gateway.batch(
        batch.map((ref) => ({
          method: "GET" as const,
          url: `/users/${encodeURIComponent(ref.mailbox)}/events/${encodeURIComponent(ref.id)}?$select=${select.join(",")}`,
          headers: { Prefer: 'outlook.timezone="UTC"' },
        })),
      );
      batch.forEach((ref, i) => {
        const r = results[i]!;
        answers.set(refKey(ref), r.ok ? { ok: true, value: r.body as Event } : { ok: false, error: r.error });
      });
    } catch (err) {
      const error = toAppError(err);
      for (const ref of batch) answers.set(refKey(ref), { ok: false, error });
    } finally {
      for (const ref of batch) busy.set(mailboxKey(ref), (busy.get(mailboxKey(ref)) ?? 1) - 1);
    }
  };

  const inFlight = new Set<Promise<void>>();
  while (queue.length > 0 || inFlight.size > 0) {
    while (inFlight.size < concurrency && queue.length > 0) {
      const batch = takeBatch();
      if (batch.length === 0) break;
      const task: Promise<void> = run(batch).finally(() => inFlight.delete(task));
      inFlight.add(task);
    }
    if (inFlight.size > 0) await Promise.race(inFlight);
  }
  return refs.map((ref) => answers.get(refKey(ref))!);
}

function refKey(ref: EventRef): string {
  return `${ref.mailbox.toLowerCase()}\n${ref.id}`;
}
