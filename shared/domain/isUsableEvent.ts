// The edge check of a Graph event before the domain reads it: one malformed event is skipped, not thrown on, so it
// cannot fail the classification of every other pair read with it (a shard holds up to 20 managers' calendars).
import type { Event } from "@microsoft/microsoft-graph-types";
import { z } from "zod";

// Every field the domain reads, with the type Graph gives it; Graph may send null or leave a field out of $select.
const text = z.string().nullish();
const dateTimeTimeZone = z.object({ dateTime: text, timeZone: text }).nullish();
const emailAddress = z.object({ address: text, name: text }).nullish();
const responseStatus = z.object({ response: text }).nullish();

const eventSchema = z.object({
  id: text,
  type: text,
  seriesMasterId: text,
  start: dateTimeTimeZone,
  end: dateTimeTimeZone,
  isAllDay: z.boolean().nullish(),
  isCancelled: z.boolean().nullish(),
  createdDateTime: z.iso.datetime({ offset: true }).nullish(),
  organizer: z.object({ emailAddress }).nullish(),
  attendees: z.array(z.object({ type: text, emailAddress, status: responseStatus })).nullish(),
  responseStatus,
  onlineMeeting: z.object({ joinUrl: text }).nullish(),
  recurrence: z
    .looseObject({
      pattern: z
        .looseObject({
          type: text,
          interval: z.number().int().nullish(),
          daysOfWeek: z.array(z.string()).nullish(),
        })
        .nullish(),
      range: z
        .looseObject({
          type: text,
          startDate: z.iso.date().nullish(),
          endDate: z.iso.date().nullish(),
          numberOfOccurrences: z.number().int().nullish(),
          recurrenceTimeZone: text,
        })
        .nullish(),
    })
    .nullish(),
});

// A manager's calendar is reduced once per report: each event is checked once.
const checked = new WeakMap<object, boolean>();

/** True when every field the domain reads has Graph's type (a missing or null field is fine). */
export function isUsableEvent(event: unknown): event is Event {
  if (typeof event !== "object" || event === null) return false;
  let usable = checked.get(event);
  if (usable === undefined) {
    usable = eventSchema.safeParse(event).success;
    checked.set(event, usable);
  }
  return usable;
}
