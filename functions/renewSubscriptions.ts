import { app, type InvocationContext, type Timer } from "@azure/functions";
import { subscriptionPortsFromSettings } from "../shared/composition/subscriptionPortsFromSettings.js";
import { ensureSubscriptions } from "../shared/usecases/ensureSubscriptions.js";
import { logSubscriptions } from "./logSubscriptions.js";

/** Daily at 03:30 UTC: subscriptions live under 7 days and are renewed 2 days ahead, so once a day is enough. */
export const RENEW_SUBSCRIPTIONS_SCHEDULE = "0 30 3 * * *";

/** Keeps the change-notification subscriptions of incremental scans alive between scans. */
export async function renewSubscriptionsTimer(_timer: Timer, context: InvocationContext): Promise<void> {
  const ports = await subscriptionPortsFromSettings();
  if (!ports) return;
  logSubscriptions(context, await ensureSubscriptions(ports));
}

app.timer("renewSubscriptions", { schedule: RENEW_SUBSCRIPTIONS_SCHEDULE, handler: renewSubscriptionsTimer });
