// Edge validation for the calendar routes: request bodies and query strings, as Graph v1.0 accepts them.
import { z } from "zod";

export const dateTimeTimeZoneSchema = z.object({
  dateTime: z.string().min(1),
  timeZone: z.string().min(1),
});

const emailAddressSchema = z.looseObject({
  address: z.string().min(3),
  name: z.string().nullable().optional(),
});

export const attendeeInputSchema = z.looseObject({
  type: z.enum(["required", "optional", "resource"]).default("required"),
  emailAddress: emailAddressSchema,
});

const dayOfWeek = z.enum(["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]);

export const patternedRecurrenceSchema = z.looseObject({
  pattern: z.looseObject({
    type: z.enum([
      "daily",
      "weekly",
      "absoluteMonthly",
      "relativeMonthly",
      "absoluteYearly",
      "relativeYearly",
    ]),
    interval: z.number().int(),
    daysOfWeek: z.array(dayOfWeek).optional(),
    dayOfMonth: z.number().int().optional(),
    month: z.number().int().optional(),
    firstDayOfWeek: dayOfWeek.optional(),
    index: z.enum(["first", "second", "third", "fourth", "last"]).optional(),
  }),
  range: z.looseObject({
    type: z.enum(["endDate", "noEnd", "numbered"]),
    startDate: z.iso.date(),
    endDate: z.iso.date().nullable().optional(),
    numberOfOccurrences: z.number().int().optional(),
    recurrenceTimeZone: z.string().nullable().optional(),
  }),
});

const itemBodySchema = z.looseObject({
  contentType: z.enum(["text", "html"]).default("text"),
  content: z.string().default(""),
});

const locationSchema = z.looseObject({ displayName: z.string().nullable().optional() });

const showAsSchema = z.enum(["unknown", "free", "tentative", "busy", "oof", "workingElsewhere"]);
const sensitivitySchema = z.enum(["normal", "personal", "private", "confidential"]);
const importanceSchema = z.enum(["low", "normal", "high"]);

/** Fields an organizer may set when creating or updating an event. */
const eventFields = {
  subject: z.string().nullable().optional(),
  body: itemBodySchema.nullable().optional(),
  start: dateTimeTimeZoneSchema,
  end: dateTimeTimeZoneSchema,
  location: locationSchema.nullable().optional(),
  attendees: z.array(attendeeInputSchema).optional(),
  recurrence: patternedRecurrenceSchema.nullable().optional(),
  isAllDay: z.boolean().nullable().optional(),
  showAs: showAsSchema.nullable().optional(),
  sensitivity: sensitivitySchema.nullable().optional(),
  importance: importanceSchema.nullable().optional(),
  isOnlineMeeting: z.boolean().nullable().optional(),
  onlineMeetingProvider: z
    .enum(["unknown", "teamsForBusiness", "skypeForBusiness", "skypeForConsumer"])
    .nullable()
    .optional(),
  allowNewTimeProposals: z.boolean().nullable().optional(),
  responseRequested: z.boolean().nullable().optional(),
  hideAttendees: z.boolean().nullable().optional(),
  isReminderOn: z.boolean().nullable().optional(),
  reminderMinutesBeforeStart: z.number().int().nullable().optional(),
  categories: z.array(z.string()).optional(),
  transactionId: z.string().nullable().optional(),
};

/** `POST /users/{id}/events`. Unknown properties are left to the core's schema check, as Graph rejects them. */
export const eventCreateSchema = z.looseObject(eventFields);
export type EventCreate = z.infer<typeof eventCreateSchema>;

/** `PATCH /users/{id}/events/{id}`: any subset of the creatable fields. */
export const eventPatchSchema = z.looseObject({
  ...eventFields,
  start: dateTimeTimeZoneSchema.optional(),
  end: dateTimeTimeZoneSchema.optional(),
});
export type EventPatch = z.infer<typeof eventPatchSchema>;

/** `POST …/accept|decline|tentativelyAccept`. */
export const eventResponseSchema = z
  .looseObject({
    comment: z.string().nullable().optional(),
    sendResponse: z.boolean().nullable().optional(),
  })
  .nullable()
  .optional();

/** `POST …/cancel`. Graph documents `comment`; clients send it as `Comment` too. */
export const eventCancelSchema = z
  .looseObject({ comment: z.string().nullable().optional(), Comment: z.string().nullable().optional() })
  .nullable()
  .optional();

/** `POST /users/{id}/calendar/getSchedule`. Limits (≤ 20 schedules, < 62 days, 5–1440 minutes) are Graph's. */
export const getScheduleSchema = z.object({
  schedules: z.array(z.string().min(1)).min(1),
  startTime: dateTimeTimeZoneSchema,
  endTime: dateTimeTimeZoneSchema,
  availabilityViewInterval: z.number().int().nullable().optional(),
});
export type GetScheduleRequest = z.infer<typeof getScheduleSchema>;
