import type { Event } from "@microsoft/microsoft-graph-types";
import type { KeyedResult } from "../usecases/ports/keyedResult.js";
import { UPCOMING_SELECT } from "./readUpcomingOccurrences.js";
import type { GraphGateway } from "./types.js";

const BATCH_SIZE = 20;

/**
 * `GET /users/{mailbox}/events/{id}` for each reference, 20 per `$batch`: how delivery learns what became of an
 * occurrence it sent a card for that the calendarView no longer shows (moved away or cancelled). Keyed by event
 * id; a deleted or cancelled-and-removed occurrence is `null` (Graph answers 404).
 */
export async function readEventsByIds(
  gateway: GraphGateway,
  refs: readonly { mailbox: string; eventId: string }[],
): Promise<Map<string, KeyedResult<Event | null>>> {
  const out = new Map<string, KeyedResult<Event | null>>();
  for (let i = 0; i < refs.length; i += BATCH_SIZE) {
    const chunk = refs.slice(i, i + BATCH_SIZE);
    const results = await gateway.batch(
      chunk.map((r) => ({
        method: "GET" as const,
        url: `/users/${encodeURIComponent(r.mailbox)}/events/${encodeURIComponent(r.eventId)}?$select=${UPCOMING_SELECT}`,
        headers: { Prefer: 'outlook.timezone="UTC"' },
      })),
    );
    chunk.forEach((ref, j) => {
      const result = results[j]!;
      if (result.ok) out.set(ref.eventId, { ok: true, value: result.body as Event });
      else if (result.status === 404) out.set(ref.eventId, { ok: true, value: null });
      else out.set(ref.eventId, { ok: false, error: result.error });
    });
  }
  return out;
}
