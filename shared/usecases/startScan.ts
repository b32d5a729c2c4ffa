// A scan asked for by the timer or an admin: the settings' policy applied to the request, scanTenant, and the
// change-notification subscriptions the shards' reads rely on.
import { AppError } from "../errors.js";
import {
  type EnsureSubscriptionsPorts,
  type EnsureSubscriptionsResult,
  ensureSubscriptions,
} from "./ensureSubscriptions.js";
import { type ScanRequest, type ScanTenantPorts, type ScanTenantResult, scanTenant } from "./scanTenant.js";

export interface StartScanPorts extends ScanTenantPorts {
  /** Every scan reads everything (CADENCE_FULL_RESCAN). */
  fullRescan: boolean;
  /** The clock is pinned (a simulated tenant): only then may a scan run as of another instant. */
  clockPinned: boolean;
  /** Incremental scans: one subscription per tracked manager, kept at the scan's instant. */
  subscriptions?: Omit<EnsureSubscriptionsPorts, "clock">;
}

export type StartScanResult = ScanTenantResult & { subscriptions?: EnsureSubscriptionsResult };

/**
 * Starts a scan and returns its shards for the queue. Subscriptions are kept before the shards leave, so no
 * change falls between a calendar read and the subscription that would report it. Throws SCAN.NOW_NOT_ALLOWED
 * (400) for an instant on a clock that is not pinned.
 */
export async function startScan(
  ports: StartScanPorts,
  options: { mode: ScanRequest; now?: Date | undefined },
): Promise<StartScanResult> {
  const { now } = options;
  if (now && !ports.clockPinned) {
    throw new AppError("SCAN.NOW_NOT_ALLOWED", "now is only accepted when CADENCE_NOW pins the clock", {
      status: 400,
    });
  }
  const clock = now ? { now: () => now } : ports.clock;
  const result = await scanTenant({ ...ports, clock }, ports.fullRescan ? "full" : options.mode);
  if (!ports.subscriptions) return result;
  return { ...result, subscriptions: await ensureSubscriptions({ ...ports.subscriptions, clock }) };
}
