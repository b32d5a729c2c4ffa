import type { Event } from "@microsoft/microsoft-graph-types";
import { z } from "zod";
import { AppError } from "../errors.js";
import { type CalendarWindow, calendarWindowSchema } from "./calendarWindowSchema.js";
import { collectPagesInBatches } from "./collectPagesInBatches.js";
import type { GraphGateway, KeyedResult } from "./types.js";

/**
 * Exactly what recognising and classifying a 1:1 needs (DESIGN.md): who (organizer, attendees and their
 * responses, the mailbox owner's own responseStatus), when (start, end, isAllDay), whether it counts (isCancelled,
 * type), which series (seriesMasterId), whether a rhythm is new (createdDateTime), and iCalUId to recognise the
 * same meeting read from both calendars. No subject/body: smaller pages and nothing private.
 */
const SELECT =
  "id,iCalUId,type,seriesMasterId,start,end,isAllDay,isCancelled,organizer,attendees,responseStatus,createdDateTime";
/** Outlook's largest page; one page covers a typical 125-day window of a manager's calendar. */
const PAGE_SIZE = 1000;
const HEADERS = { Prefer: `outlook.timezone="UTC", odata.maxpagesize=${PAGE_SIZE}` };

export interface CalendarReadOptions {
  /** `$batch` requests in flight at once (each holds 20 different mailboxes). */
  concurrency?: number;
}

/**
 * The calendarView of every mailbox over `window`, 20 mailboxes per `$batch`, following each mailbox's pages in
 * later batches. Times are UTC. A mailbox that fails (no Exchange mailbox, access denied…) gets a typed error
 * and the others go on.
 */
export async function readCalendarViews(
  gateway: GraphGateway,
  mailboxes: readonly string[],
  window: CalendarWindow,
  options: CalendarReadOptions = {},
): Promise<Map<string, KeyedResult<Event[]>>> {
  const checked = calendarWindowSchema.safeParse(window);
  if (!checked.success)
    throw new AppError("GRAPH.BAD_REQUEST", `Bad calendar window: ${z.prettifyError(checked.error)}`);
  const range = `startDateTime=${window.start.toISOString()}&endDateTime=${window.end.toISOString()}`;
  const collected = await collectPagesInBatches(
    gateway,
    mailboxes.map((mailbox) => ({
      key: mailbox,
      url: `/users/${encodeURIComponent(mailbox)}/calendarView?${range}&$select=${SELECT}&$top=${PAGE_SIZE}`,
      headers: HEADERS,
    })),
    options,
  );
  const out = new Map<string, KeyedResult<Event[]>>();
  for (const [mailbox, result] of collected) {
    out.set(mailbox, result.ok ? { ok: true, value: result.value.items as Event[] } : result);
  }
  return out;
}
