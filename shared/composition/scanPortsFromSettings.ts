// The scan's real adapters, built once per process from the settings and reused across invocations
// (msal's token cache and the storage clients live as long as the worker).
import { randomUUID } from "node:crypto";
import { settings } from "../config.js";
import type { GraphGateway } from "../graph/types.js";
import { ScanStore } from "../store/scanStore.js";
import type { ScanShardPorts } from "../usecases/scanShard.js";
import type { ScanTenantPorts } from "../usecases/scanTenant.js";
import { gatewayFromSettings } from "./gatewayFromSettings.js";
import { policyFromSettings } from "./policyFromSettings.js";
import { scanGraphFromGateway } from "./scanGraphFromGateway.js";

export type ScanPorts = ScanTenantPorts & ScanShardPorts & { gateway: GraphGateway };

let ports: Promise<ScanPorts> | undefined;

export function scanPortsFromSettings(): Promise<ScanPorts> {
  ports ??= (async () => {
    const current = settings();
    const gateway = gatewayFromSettings(current);
    return {
      gateway,
      graph: scanGraphFromGateway(gateway),
      store: await ScanStore.open(current.AzureWebJobsStorage),
      clock: current.CADENCE_NOW ? { now: () => new Date(current.CADENCE_NOW!) } : { now: () => new Date() },
      policy: policyFromSettings(current),
      exclusions: { excludedUsers: current.CADENCE_EXCLUDED_USERS },
      runSuffix: () => randomUUID().slice(0, 8),
    };
  })().catch((err) => {
    ports = undefined; // a storage hiccup at start-up must not poison every later invocation
    throw err;
  });
  return ports;
}
