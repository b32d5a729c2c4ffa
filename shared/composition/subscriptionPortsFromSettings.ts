import type { EnsureSubscriptionsPorts } from "../usecases/ensureSubscriptions.js";
import { scanPortsFromSettings } from "./scanPortsFromSettings.js";

/** The subscriptions' adapters, shared with the scan's; null when change notifications are not configured. */
export async function subscriptionPortsFromSettings(): Promise<EnsureSubscriptionsPorts | null> {
  const ports = await scanPortsFromSettings();
  if (!ports.notifications) return null;
  return {
    graph: ports.graph,
    store: ports.notifications.store,
    clock: ports.clock,
    notificationUrl: ports.notifications.url,
    clientState: ports.notifications.clientState,
    ...(ports.exclusions ? { exclusions: ports.exclusions } : {}),
  };
}
