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

export const changeNotificationCollectionSchema = z.looseObject({
  value: z.array(changeNotificationSchema).min(1),
});
export type ChangeNotificationCollection = z.infer<typeof changeNotificationCollectionSchema>;
