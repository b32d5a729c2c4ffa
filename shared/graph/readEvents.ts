import type { Event } from "@microsoft/microsoft-graph-types";
import type { KeyedResult } from "../usecases/ports/keyedResult.js";
import type { EventRef } from "../usecases/ports/scanPorts.js";
import { runBatched } from "./runBatched.js";
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
  const unique = new Map<string, EventRef>();
  for (const ref of refs) unique.set(refKey(ref), ref);
  const answers = await runBatched(
    gateway,
    [...unique.values()].map((ref) => ({
      key: refKey(ref),
      group: ref.mailbox.toLowerCase(),
      request: {
        method: "GET" as const,
        url: `/users/${encodeURIComponent(ref.mailbox)}/events/${encodeURIComponent(ref.id)}?$select=${select.join(",")}`,
        headers: { Prefer: 'outlook.timezone="UTC"' },
      },
    })),
    { concurrency: options.concurrency ?? 4, perGroupInFlight: PER_MAILBOX },
  );
  return refs.map((ref): KeyedResult<Event> => {
    const r = answers.get(refKey(ref))!;
    return r.ok ? { ok: true, value: r.body as Event } : { ok: false, error: r.error };
  });
}

function refKey(ref: EventRef): string {
  return `${ref.mailbox.toLowerCase()}\n${ref.id}`;
}
