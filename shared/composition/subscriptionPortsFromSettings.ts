import type { EnsureSubscriptionsPorts } from "../usecases/ensureSubscriptions.js";
import { scanPortsFromSettings } from "./scanPortsFromSettings.js";

/** The subscriptions' adapters, shared with the scan's; null when change notifications are not configured. */
export async function subscriptionPortsFromSettings(): Promise<EnsureSubscriptionsPorts | null> {
  const ports = await scanPortsFromSettings();
  return ports.subscriptions ? { ...ports.subscriptions, clock: ports.clock } : null;
}
