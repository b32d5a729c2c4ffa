import type { Event } from "@microsoft/microsoft-graph-types";
import { z } from "zod";
import { AppError } from "../errors.js";
import type { KeyedResult } from "../usecases/ports/keyedResult.js";
import { type CalendarWindow, calendarWindowSchema } from "./calendarWindowSchema.js";
import { collectPagesInBatches } from "./collectPagesInBatches.js";
import type { GraphGateway } from "./types.js";

/**
 * What recognising a pair's 1:1 (organizer, attendees, responses, all-day, cancelled) and putting it on a card
 * (id, series, start, end, the Teams join URL) needs. readCalendarViews serves the scan and has no join URL, so
 * the agenda read has its own `$select` over the same batched paging.
 */
export const UPCOMING_SELECT =
  "id,type,seriesMasterId,start,end,isAllDay,isCancelled,organizer,attendees,responseStatus,onlineMeeting";

/**
 * The managers' calendarViews over `window` (a day or so ahead), 20 mailboxes per `$batch`, times in UTC. One
 * request per manager covers all their pairs; a mailbox that fails gets a typed error and the others go on.
 */
export async function readUpcomingOccurrences(
  gateway: GraphGateway,
  managerIds: readonly string[],
  window: CalendarWindow,
): Promise<Map<string, KeyedResult<Event[]>>> {
  const checked = calendarWindowSchema.safeParse(window);
  if (!checked.success)
    throw new AppError("GRAPH.BAD_REQUEST", `Bad calendar window: ${z.prettifyError(checked.error)}`);
  const range = `startDateTime=${window.start.toISOString()}&endDateTime=${window.end.toISOString()}`;
  const collected = await collectPagesInBatches(
    gateway,
    managerIds.map((id) => ({
      key: id,
      url: `/users/${encodeURIComponent(id)}/calendarView?${range}&$select=${UPCOMING_SELECT}&$top=1000`,
      headers: { Prefer: 'outlook.timezone="UTC", odata.maxpagesize=1000' },
    })),
  );
  const out = new Map<string, KeyedResult<Event[]>>();
  for (const [id, result] of collected) {
    out.set(id, result.ok ? { ok: true, value: result.value.items as Event[] } : result);
  }
  return out;
}
