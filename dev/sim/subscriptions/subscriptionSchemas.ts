// Request bodies of Graph's subscription API and the simulator's calendar-touch command, checked at the edge.
import { z } from "zod";

const nullableString = z.string().nullable().optional();

/**
 * `POST /subscriptions`: every writable property of Graph's `subscription`. Unknown or mis-cased properties are
 * rejected, as Graph answers them with "Could not process subscription creation payload".
 */
export const subscriptionCreateSchema = z
  .object({
    "@odata.type": z.string().optional(),
    changeType: z.string(),
    notificationUrl: z.string(),
    resource: z.string(),
    expirationDateTime: z.string().optional(),
    clientState: nullableString,
    lifecycleNotificationUrl: nullableString,
    includeResourceData: z.boolean().nullable().optional(),
    encryptionCertificate: nullableString,
    encryptionCertificateId: nullableString,
    latestSupportedTlsVersion: nullableString,
    notificationQueryOptions: nullableString,
    notificationUrlAppId: nullableString,
  })
  .strict();
export type SubscriptionCreate = z.infer<typeof subscriptionCreateSchema>;

/** `PATCH /subscriptions/{id}`: a renewal (`expirationDateTime`) and/or a new `notificationUrl`. */
export const subscriptionPatchSchema = z
  .object({
    "@odata.type": z.string().optional(),
    expirationDateTime: z.string().optional(),
    notificationUrl: z.string().optional(),
  })
  .strict();
export type SubscriptionPatch = z.infer<typeof subscriptionPatchSchema>;

/** `POST /control/calendar/touch`: someone edits `count` events of a mailbox outside Cadence. */
export const calendarTouchSchema = z
  .object({
    mailbox: z.string().min(1),
    count: z.number().int().min(1).max(10_000).optional(),
  })
  .strict();
export type CalendarTouch = z.infer<typeof calendarTouchSchema>;

/** `POST /control/subscriptions/lifecycle`: Graph sends the subscription a lifecycle notification. */
export const lifecycleCommandSchema = z
  .object({
    subscriptionId: z.string().min(1),
    lifecycleEvent: z.enum(["missed", "subscriptionRemoved", "reauthorizationRequired"]),
  })
  .strict();
export type LifecycleCommand = z.infer<typeof lifecycleCommandSchema>;
