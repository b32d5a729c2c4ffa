// The scan's real adapters, built once per process from the settings and reused across invocations
// (msal's token cache and the storage clients live as long as the worker).
import { randomUUID } from "node:crypto";
import { settings } from "../config.js";
import type { GraphGateway } from "../graph/types.js";
import { IncrementalStore } from "../store/incrementalStore.js";
import { shardFitsQueueMessage } from "../store/shardQueueMessage.js";
import type { IncrementalGraph } from "../usecases/ports/scanPorts.js";
import type { PrepareScanPorts } from "../usecases/prepareScan.js";
import type { ScanShardPorts } from "../usecases/scanShard.js";
import type { StartScanPorts } from "../usecases/startScan.js";
import { clockFromSettings } from "./clockFromSettings.js";
import { gatewayFromSettings } from "./gatewayFromSettings.js";
import { oncePerProcess } from "./oncePerProcess.js";
import { policyFromSettings } from "./policyFromSettings.js";
import { scanGraphFromGateway } from "./scanGraphFromGateway.js";
import { scanStoreFromSettings } from "./scanStoreFromSettings.js";
import { storageFromSettings } from "./storageFromSettings.js";

export type ScanPorts = StartScanPorts &
  PrepareScanPorts &
  ScanShardPorts & {
    gateway: GraphGateway;
    graph: IncrementalGraph;
  };

export const scanPortsFromSettings: () => Promise<ScanPorts> = oncePerProcess(async () => {
  const current = settings();
  const gateway = gatewayFromSettings(current);
  const graph = scanGraphFromGateway(gateway);
  const url = current.CADENCE_NOTIFICATION_URL;
  const clientState = current.CADENCE_NOTIFICATION_CLIENT_STATE;
  const incremental =
    url && clientState ? await IncrementalStore.open(storageFromSettings(current)) : undefined;
  const clock = clockFromSettings(current);
  const exclusions = { excludedUsers: current.CADENCE_EXCLUDED_USERS };
  return {
    gateway,
    graph,
    ...(incremental && url && clientState
      ? {
          incremental: { store: incremental, graph },
          subscriptions: {
            graph,
            store: incremental,
            clock,
            notificationUrl: url,
            clientState,
            exclusions,
          },
        }
      : {}),
    // Only kept calendars profit from reading further ahead.
    refreshMarginDays: incremental ? current.CADENCE_REFRESH_MARGIN_DAYS : 0,
    historyDays: current.CADENCE_HISTORY_DAYS,
    store: await scanStoreFromSettings(),
    clock,
    // CADENCE_NOW pins the clock: only then may a scan be asked to run as of another instant.
    clockPinned: Boolean(current.CADENCE_NOW),
    fullRescan: current.CADENCE_FULL_RESCAN,
    policy: policyFromSettings(current),
    exclusions,
    runSuffix: () => randomUUID().slice(0, 8),
    shardFits: shardFitsQueueMessage,
  };
});
