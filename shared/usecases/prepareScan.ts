// The slow half of starting a scan, run from the queue: read the directory and plan the shards (scanTenant),
// keep the change-notification subscriptions, and only then hand the shards back to be queued, so that no
// change falls between a calendar read and the subscription that would report it. One invocation holds one
// worker while each subscription create waits on Graph's handshake; another worker answers the handshakes.
import {
  type EnsureSubscriptionsPorts,
  type EnsureSubscriptionsResult,
  ensureSubscriptions,
} from "./ensureSubscriptions.js";
import type { ScanStorePort } from "./ports/scanStorePort.js";
import { type ScanRequest, type ScanTenantPorts, type ScanTenantResult, scanTenant } from "./scanTenant.js";

export interface PrepareScanPorts extends ScanTenantPorts {
  store: Pick<ScanStorePort, "saveRun" | "writePairs" | "getRun">;
  /** Incremental scans: one subscription per tracked manager. */
  subscriptions?: Omit<EnsureSubscriptionsPorts, "clock">;
}

export interface ScanPrepareRequest {
  runId: string;
  mode: ScanRequest;
}

export type PrepareScanResult =
  | ({ outcome: "prepared"; subscriptions?: EnsureSubscriptionsResult } & ScanTenantResult)
  /** The run is past preparing (a re-delivered message) or unknown: nothing is queued twice. */
  | { outcome: "alreadyDone" | "unknownRun" };

export async function prepareScan(
  ports: PrepareScanPorts,
  request: ScanPrepareRequest,
): Promise<PrepareScanResult> {
  const stored = await ports.store.getRun(request.runId);
  if (!stored) return { outcome: "unknownRun" };
  // A failed attempt leaves the run preparing, and the next delivery starts it over.
  if (stored.state !== "preparing") return { outcome: "alreadyDone" };
  // The scan classifies as of the instant it was asked for, however long it waited in the queue.
  const at = new Date(stored.now);
  const clock = { now: () => at };
  const result = await scanTenant({ ...ports, clock }, request.mode, { runId: request.runId, hold: true });
  const subscriptions = ports.subscriptions
    ? await ensureSubscriptions({ ...ports.subscriptions, clock })
    : undefined;
  let { run } = result;
  if (run.state === "preparing") {
    run = { ...run, state: "running" };
    await ports.store.saveRun(run);
  }
  return { outcome: "prepared", ...result, run, ...(subscriptions ? { subscriptions } : {}) };
}
