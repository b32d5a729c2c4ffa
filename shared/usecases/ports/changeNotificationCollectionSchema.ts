// Graph's changeNotificationCollection as POSTed to a subscription's notificationUrl (resource data not included).
import { z } from "zod";

export const changeNotificationSchema = z.looseObject({
  subscriptionId: z.string().min(1),
  subscriptionExpirationDateTime: z.string().optional(),
  changeType: z.enum(["created", "updated", "deleted"]),
  /** e.g. `Users/{user id}/Events/{event id}` */
  resource: z.string().min(1),
  clientState: z.string().nullish(),
  tenantId: z.string().optional(),
  resourceData: z.looseObject({ id: z.string().optional() }).nullish(),
});
export type ChangeNotification = z.infer<typeof changeNotificationSchema>;

/**
 * A lifecycle notification (Graph's `lifecycleEvent`): about the subscription, not a resource, posted to the
 * subscription's lifecycleNotificationUrl (Cadence's is its notification URL).
 */
export const lifecycleNotificationSchema = z.looseObject({
  subscriptionId: z.string().min(1),
  subscriptionExpirationDateTime: z.string().optional(),
  lifecycleEvent: z.enum(["missed", "subscriptionRemoved", "reauthorizationRequired"]),
  clientState: z.string().nullish(),
  tenantId: z.string().optional(),
});
export type LifecycleNotification = z.infer<typeof lifecycleNotificationSchema>;

export const changeNotificationCollectionSchema = z.looseObject({
  value: z.array(z.union([lifecycleNotificationSchema, changeNotificationSchema])).min(1),
});
export type ChangeNotificationCollection = z.infer<typeof changeNotificationCollectionSchema>;
