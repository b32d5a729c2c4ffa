import type { Event } from "@microsoft/microsoft-graph-types";
import { z } from "zod";
import { GraphRequestError } from "./GraphRequestError.js";
import { readEvents } from "./readEvents.js";
import type { GraphGateway } from "./types.js";

/** What a found event carries: enough to record the series and show it. */
export const CREATED_EVENT_SELECT = [
  "id",
  "iCalUId",
  "type",
  "transactionId",
  "subject",
  "start",
  "end",
  "recurrence",
  "organizer",
  "attendees",
  "isOnlineMeeting",
  "onlineMeeting",
  "createdDateTime",
] as const;

const pageSchema = z.looseObject({
  value: z.array(
    z.looseObject({
      id: z.string(),
      type: z.string().optional(),
      seriesMasterId: z.string().nullable().optional(),
      isOrganizer: z.boolean().optional(),
      transactionId: z.string().nullable().optional(),
    }),
  ),
  "@odata.nextLink": z.string().optional(),
});

/**
 * The event the organizer created with `transactionId` whose first occurrence lies in `around`, or null.
 * Graph cannot filter events by transactionId, and calendarView lists occurrences (whose transactionId is
 * null), not series masters: so it reads the organizer's calendarView over `around`, then the masters of the
 * series the organizer owns there (20 per `$batch`), and matches their transactionId.
 */
export async function findEventByTransactionId(
  gateway: GraphGateway,
  organizer: string,
  transactionId: string,
  around: { start: Date; end: Date },
): Promise<Event | null> {
  const mailbox = encodeURIComponent(organizer);
  const range = `startDateTime=${around.start.toISOString()}&endDateTime=${around.end.toISOString()}`;
  const headers = { Prefer: 'outlook.timezone="UTC", odata.maxpagesize=1000' };
  let url: string | undefined =
    `/users/${mailbox}/calendarView?${range}&$select=id,type,seriesMasterId,isOrganizer,transactionId&$top=1000`;
  const masters = new Set<string>();
  let single: string | undefined;
  while (url) {
    const page = pageSchema.safeParse(await gateway.get<unknown>(url, headers));
    if (!page.success) throw new GraphRequestError("GRAPH.UNEXPECTED", `Not a calendarView page from ${url}`);
    for (const item of page.data.value) {
      if (item.isOrganizer === false) continue;
      if (item.transactionId === transactionId) single ??= item.id;
      if (item.seriesMasterId) masters.add(item.seriesMasterId);
    }
    const next: string | undefined = page.data["@odata.nextLink"];
    url = next && next !== url ? next : undefined;
  }
  const candidates = single ? [single] : [...masters];
  if (candidates.length === 0) return null;
  const read = await readEvents(
    gateway,
    candidates.map((id) => ({ mailbox: organizer, id })),
    CREATED_EVENT_SELECT,
  );
  for (const result of read) {
    if (!result.ok) {
      // A master deleted between the two reads is simply not the one; anything else is a real failure.
      if (result.error.code === "GRAPH.NOT_FOUND") continue;
      throw result.error;
    }
    if (result.value.transactionId === transactionId) return result.value;
  }
  return null;
}
