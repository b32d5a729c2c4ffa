// The tenant fixture file format (DESIGN.md "Tenant fixture format"): Graph's own shapes plus a few simulator fields.
import { z } from "zod";

const dateTimeTimeZone = z.object({ dateTime: z.string().min(1), timeZone: z.string().min(1) });

const isoInstant = z.iso.datetime({ offset: true });

export const fixtureWorkingHoursSchema = z.looseObject({
  daysOfWeek: z.array(z.enum(["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"])),
  startTime: z.string().regex(/^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/),
  endTime: z.string().regex(/^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/),
  timeZone: z.looseObject({ name: z.string().min(1) }).optional(),
});

export const fixtureUserSchema = z.looseObject({
  id: z.string().min(1),
  displayName: z.string().min(1),
  userPrincipalName: z.string().min(3),
  mail: z.string().nullable().optional(),
  department: z.string().nullable().optional(),
  jobTitle: z.string().nullable().optional(),
  accountEnabled: z.boolean().default(true),
  managerId: z.string().min(1).nullable().optional(),
  /** false: the user has no Exchange Online mailbox (Graph answers MailboxNotEnabledForRESTAPI). */
  hasMailbox: z.boolean().default(true),
  mailboxSettings: z
    .looseObject({
      timeZone: z.string().min(1).optional(),
      workingHours: fixtureWorkingHoursSchema.optional(),
    })
    .optional(),
});

const attendeeSchema = z.looseObject({
  type: z.enum(["required", "optional", "resource"]).default("required"),
  emailAddress: z.looseObject({ address: z.string().min(3), name: z.string().optional() }),
});

export const fixtureEventSchema = z.looseObject({
  subject: z.string().optional(),
  start: dateTimeTimeZone,
  end: dateTimeTimeZone,
  attendees: z.array(attendeeSchema).default([]),
  recurrence: z
    .looseObject({ pattern: z.looseObject({}), range: z.looseObject({}) })
    .nullable()
    .optional(),
  isAllDay: z.boolean().optional(),
  isCancelled: z.boolean().optional(),
  createdDateTime: isoInstant.optional(),
});

export const fixtureEventEntrySchema = z.object({
  /** User id or UPN of the organizer, in whose mailbox the event lives. */
  mailbox: z.string().min(1),
  event: fixtureEventSchema,
  exceptions: z
    .array(z.object({ originalStart: z.string().min(1), start: dateTimeTimeZone, end: dateTimeTimeZone }))
    .default([]),
  /** Original local dates (yyyy-MM-dd) of cancelled occurrences. */
  cancelledOccurrences: z.array(z.iso.date()).default([]),
  /** Attendee UPN → response for the whole series. */
  responses: z
    .record(z.string(), z.enum(["none", "accepted", "tentativelyAccepted", "declined", "notResponded"]))
    .default({}),
});

export const fixtureSchema = z.object({
  now: isoInstant,
  tenantId: z.string().optional(),
  users: z.array(fixtureUserSchema),
  events: z.array(fixtureEventEntrySchema).default([]),
});

export type Fixture = z.infer<typeof fixtureSchema>;
export type FixtureUser = z.infer<typeof fixtureUserSchema>;
export type FixtureEventEntry = z.infer<typeof fixtureEventEntrySchema>;
