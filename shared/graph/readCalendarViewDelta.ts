import type { Event } from "@microsoft/microsoft-graph-types";
import { z } from "zod";
import { AppError } from "../errors.js";
import { type CalendarWindow, calendarWindowSchema } from "./calendarWindowSchema.js";
import { collectPagesInBatches } from "./collectPagesInBatches.js";
import { GraphRequestError } from "./GraphRequestError.js";
import type { GraphGateway, KeyedResult } from "./types.js";

/** A changed event in Graph's shape; `@removed` marks one deleted or gone from the window (only `id` is set). */
export type DeltaEvent = Event & { "@removed"?: { reason: string } };

export interface CalendarDelta {
  events: DeltaEvent[];
  /** Pass back next time (per mailbox) to get only what changed since this read. */
  deltaLink: string;
}

/** calendarView delta takes no $select; the page size is set with Prefer (Outlook's maximum is 1000). */
const HEADERS = { Prefer: 'outlook.timezone="UTC", odata.maxpagesize=1000' };

/**
 * calendarView delta for many mailboxes, 20 per `$batch`, like readCalendarViews. A mailbox with a deltaLink costs
 * one small request when nothing changed; one without starts a full round for `window`. An expired link fails
 * that mailbox with GRAPH.SYNC_STATE_EXPIRED so the caller reads it in full again.
 */
export async function readCalendarViewDelta(
  gateway: GraphGateway,
  mailboxes: ReadonlyArray<{ mailbox: string; deltaLink?: string | undefined }>,
  window: CalendarWindow,
  options: { concurrency?: number } = {},
): Promise<Map<string, KeyedResult<CalendarDelta>>> {
  const checked = calendarWindowSchema.safeParse(window);
  if (!checked.success)
    throw new AppError("GRAPH.BAD_REQUEST", `Bad calendar window: ${z.prettifyError(checked.error)}`);
  const range = `startDateTime=${window.start.toISOString()}&endDateTime=${window.end.toISOString()}`;
  const collected = await collectPagesInBatches(
    gateway,
    mailboxes.map(({ mailbox, deltaLink }) => ({
      key: mailbox,
      url: deltaLink ?? `/users/${encodeURIComponent(mailbox)}/calendarView/delta?${range}`,
      headers: HEADERS,
    })),
    options,
  );
  const out = new Map<string, KeyedResult<CalendarDelta>>();
  for (const [mailbox, result] of collected) {
    if (!result.ok) out.set(mailbox, result);
    else if (!result.value.deltaLink) {
      out.set(mailbox, {
        ok: false,
        error: new GraphRequestError(
          "GRAPH.UNEXPECTED",
          `The calendarView delta of ${mailbox} ended without a deltaLink`,
        ),
      });
    } else
      out.set(mailbox, {
        ok: true,
        value: { events: result.value.items as DeltaEvent[], deltaLink: result.value.deltaLink },
      });
  }
  return out;
}
