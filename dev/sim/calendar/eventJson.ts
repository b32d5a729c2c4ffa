// Renders one calendar item the way Graph v1.0 returns an event from the point of view of the mailbox owner.
import type { DateTimeTimeZone } from "../../../shared/domain/timeZone.js";
import { utcToZoned } from "../../../shared/domain/timeZone.js";
import type { EventInstance } from "./calendarModel.js";
import { NEVER, type ResponseStatusRec } from "./calendarModel.js";
import { instanceId } from "./calendarStore.js";

export interface RenderOptions {
  /** The `Prefer: outlook.timezone` zone, as the client named it; "UTC" by default. */
  timeZone: string;
  /** Calendars.ReadBasic only: Graph leaves out the body. */
  basic: boolean;
}

/** The properties a `$select` may name (Graph's event type, without navigation properties). */
export const EVENT_PROPERTIES: readonly string[] = [
  "allowNewTimeProposals",
  "attendees",
  "body",
  "bodyPreview",
  "cancelledOccurrences",
  "categories",
  "changeKey",
  "createdDateTime",
  "end",
  "hasAttachments",
  "hideAttendees",
  "iCalUId",
  "id",
  "importance",
  "isAllDay",
  "isCancelled",
  "isDraft",
  "isOnlineMeeting",
  "isOrganizer",
  "isReminderOn",
  "lastModifiedDateTime",
  "location",
  "locations",
  "onlineMeeting",
  "onlineMeetingProvider",
  "onlineMeetingUrl",
  "organizer",
  "originalEndTimeZone",
  "originalStart",
  "originalStartTimeZone",
  "recurrence",
  "reminderMinutesBeforeStart",
  "responseRequested",
  "responseStatus",
  "sensitivity",
  "seriesMasterId",
  "showAs",
  "start",
  "subject",
  "transactionId",
  "type",
  "webLink",
];

export function renderEvent(instance: EventInstance, options: RenderOptions): Record<string, unknown> {
  const { view, occurrence } = instance;
  const { copy, def, state } = view;
  const meeting = copy.meeting;
  const exception = occurrence?.exception;
  const id = instanceId(instance);
  const date = occurrence?.originalDate;
  const lastModified = new Date(
    Math.max(def.lastModified.getTime(), state.lastModified.getTime(), copy.createdDateTime.getTime()),
  );
  const changeKey = Buffer.from(`${view.defVersion}.${state.version}.${lastModified.getTime()}`).toString(
    "base64",
  );
  const ownStatus: ResponseStatusRec =
    (date !== undefined ? state.occurrenceResponses.get(date) : undefined) ?? state.responseStatus;
  const perDate = date !== undefined ? def.occurrenceStatuses.get(date) : undefined;
  const subject = exception?.subject ?? def.subject;
  const location = exception?.location ?? def.location;
  const isCancelled = def.isCancelled || state.isCancelled;
  const type = occurrence
    ? exception
      ? "exception"
      : "occurrence"
    : def.recurrence
      ? "seriesMaster"
      : "singleInstance";
  const start = occurrence ? occurrence.start : def.startUtc;
  const end = occurrence ? occurrence.end : def.endUtc;
  const out: Record<string, unknown> = {
    "@odata.etag": `W/"${changeKey}"`,
    id,
    createdDateTime: copy.createdDateTime.toISOString(),
    lastModifiedDateTime: lastModified.toISOString(),
    changeKey,
    categories: [...state.categories],
    transactionId:
      copy.isOrganizer && type !== "occurrence" && type !== "exception" ? meeting.transactionId : null,
    originalStartTimeZone: def.start.timeZone,
    originalEndTimeZone: def.end.timeZone,
    iCalUId: date !== undefined ? `${meeting.iCalUId}${date.replaceAll("-", "")}` : meeting.iCalUId,
    reminderMinutesBeforeStart: state.reminderMinutesBeforeStart,
    isReminderOn: state.isReminderOn,
    hasAttachments: false,
    subject,
    bodyPreview: def.body.content.replace(/<[^>]*>/g, "").slice(0, 255),
    importance: def.importance,
    sensitivity: def.sensitivity,
    isAllDay: def.isAllDay,
    isCancelled,
    isOrganizer: copy.isOrganizer,
    responseRequested: def.responseRequested,
    seriesMasterId: occurrence ? copy.id : null,
    showAs: showAsFor(exception?.showAs ?? def.showAs, copy.isOrganizer, ownStatus, isCancelled),
    type,
    webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(id)}&exvsurl=1&path=/calendar/item`,
    onlineMeetingUrl: null,
    isOnlineMeeting: def.isOnlineMeeting,
    onlineMeetingProvider: def.onlineMeetingProvider,
    allowNewTimeProposals: def.allowNewTimeProposals,
    isDraft: false,
    hideAttendees: def.hideAttendees,
    responseStatus: { ...ownStatus },
    body: { ...def.body },
    start: zonedFor(start, def.isAllDay, def.start, options.timeZone),
    end: zonedFor(end, def.isAllDay, def.end, options.timeZone),
    location: {
      displayName: location,
      locationType: "default",
      uniqueIdType: location ? "private" : "unknown",
      address: {},
      coordinates: {},
    },
    locations: location ? [{ displayName: location, locationType: "default", uniqueIdType: "private" }] : [],
    recurrence: type === "seriesMaster" ? def.recurrence : null,
    attendees: def.attendees.map((a) => ({
      type: a.type,
      status: {
        ...(perDate?.get(a.address) ?? def.statuses.get(a.address) ?? { response: "none", time: NEVER }),
      },
      emailAddress: { name: a.name, address: a.address },
    })),
    organizer: { emailAddress: { name: meeting.organizer.name, address: meeting.organizer.address } },
    onlineMeeting: def.joinUrl ? { joinUrl: def.joinUrl } : null,
  };
  if (occurrence) {
    out.originalStart = occurrence.originalStart.toISOString().replace(".000Z", "Z");
  }
  if (type === "seriesMaster") out.cancelledOccurrences = [...def.cancelledDates].sort();
  if (options.basic) {
    delete out.body;
    delete out.bodyPreview;
  }
  return out;
}

/** An attendee who has not accepted sees the meeting as tentative, as Exchange shows unanswered requests. */
function showAsFor(
  showAs: string,
  isOrganizer: boolean,
  own: ResponseStatusRec,
  isCancelled: boolean,
): string {
  if (isCancelled) return "free";
  if (isOrganizer || showAs !== "busy") return showAs;
  if (own.response === "accepted") return "busy";
  if (own.response === "declined") return "free";
  return "tentative";
}

/** All-day items keep their calendar dates in every zone; timed items are converted. */
function zonedFor(
  instant: Date,
  isAllDay: boolean,
  original: DateTimeTimeZone,
  timeZone: string,
): DateTimeTimeZone {
  if (isAllDay) {
    const local = utcToZoned(instant, original.timeZone);
    return { dateTime: `${local.dateTime.slice(0, 10)}T00:00:00.0000000`, timeZone };
  }
  return utcToZoned(instant, timeZone);
}

/** `$select`: id and annotations always come back, as in Graph. */
export function selectFields(
  event: Record<string, unknown>,
  select: readonly string[] | undefined,
): Record<string, unknown> {
  if (!select) return event;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event)) {
    if (key.startsWith("@") || key === "id" || select.includes(key)) out[key] = value;
  }
  return out;
}
