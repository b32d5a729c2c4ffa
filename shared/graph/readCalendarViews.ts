import type { Event } from "@microsoft/microsoft-graph-types";
import { z } from "zod";
import { AppError } from "../errors.js";
import type { KeyedResult } from "../usecases/ports/keyedResult.js";
import { type CalendarWindow, calendarWindowSchema } from "./calendarWindowSchema.js";
import { collectPagesInBatches } from "./collectPagesInBatches.js";
import type { GraphGateway } from "./types.js";

/**
 * Exactly what recognising and classifying a 1:1 needs (DESIGN.md): who (organizer, attendees and their
 * responses, the mailbox owner's own responseStatus), when (start, end, isAllDay), whether it counts (isCancelled,
 * type), which series (seriesMasterId), whether a rhythm is new (createdDateTime), and iCalUId to recognise the
 * same meeting read from both calendars. No subject/body: smaller pages and nothing private.
 */
const SELECT =
  "id,iCalUId,type,seriesMasterId,start,end,isAllDay,isCancelled,organizer,attendees,responseStatus,createdDateTime";
/** Outlook's largest page; one page covers a typical 125-day window of a manager's calendar. */
const MAX_PAGE_SIZE = 1000;

export interface CalendarReadOptions {
  /** `$batch` requests in flight at once (each holds 20 different mailboxes). */
  concurrency?: number;
  /** Events per page, 1–1000 (default 1000, Outlook's maximum); smaller only to exercise paging. */
  pageSize?: number;
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
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(options.pageSize ?? MAX_PAGE_SIZE)));
  // $top is what Outlook documents for calendarView; the Prefer page size covers servers that page by preference.
  const headers = { Prefer: `outlook.timezone="UTC", odata.maxpagesize=${pageSize}` };
  const range = `startDateTime=${window.start.toISOString()}&endDateTime=${window.end.toISOString()}`;
  const collected = await collectPagesInBatches(
    gateway,
    mailboxes.map((mailbox) => ({
      key: mailbox,
      url: `/users/${encodeURIComponent(mailbox)}/calendarView?${range}&$select=${SELECT}&$top=${pageSize}`,
      headers,
    })),
    options.concurrency === undefined ? {} : { concurrency: options.concurrency },
  );
  const out = new Map<string, KeyedResult<Event[]>>();
  for (const [mailbox, result] of collected) {
    out.set(mailbox, result.ok ? { ok: true, value: result.value.items as Event[] } : result);
  }
  return out;
}
