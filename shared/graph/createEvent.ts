import type { Event } from "@microsoft/microsoft-graph-types";
import { AppError } from "../errors.js";
import { findEventByTransactionId } from "./findEventByTransactionId.js";
import { GraphRequestError } from "./GraphRequestError.js";
import type { GraphGateway } from "./types.js";

const DAY_MS = 86_400_000;

/**
 * `POST /users/{organizer}/events`, exactly once whatever fails. The transactionId makes the POST retry-safe, so
 * the gateway re-sends it after a 503/504 or a dropped connection; Graph answers a repeat of the same request with
 * the event it already made (201). A repeat whose content changed (a re-run after a crash) gets 400
 * ErrorDuplicateTransactionId: that is success too, and the event made the first time is looked up and returned.
 * Times come back in UTC.
 */
export async function createEvent(
  gateway: GraphGateway,
  organizer: string,
  event: Event & { transactionId: string },
): Promise<Event> {
  if (typeof event.transactionId !== "string" || event.transactionId.trim() === "") {
    throw new AppError(
      "GRAPH.BAD_REQUEST",
      "createEvent needs a transactionId: without one a retry could book twice",
    );
  }
  try {
    return await gateway.post<Event>(`/users/${encodeURIComponent(organizer)}/events`, event, {
      headers: { Prefer: 'outlook.timezone="UTC"' },
    });
  } catch (err) {
    if (!(err instanceof GraphRequestError) || err.graphCode !== "ErrorDuplicateTransactionId") throw err;
    const existing = await findEventByTransactionId(
      gateway,
      organizer,
      event.transactionId,
      aroundStart(event),
    );
    if (existing) return existing;
    throw err;
  }
}

/** Days around the event's start date: wide enough for any zone's offset, without converting its zone. */
function aroundStart(event: Event): { start: Date; end: Date } {
  const day = Date.parse(`${(event.start?.dateTime ?? "").slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(day)) {
    throw new AppError("GRAPH.BAD_REQUEST", "createEvent needs start.dateTime to find a duplicate");
  }
  return { start: new Date(day - 2 * DAY_MS), end: new Date(day + 3 * DAY_MS) };
}
