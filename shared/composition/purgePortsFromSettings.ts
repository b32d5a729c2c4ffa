// The retention timer's adapters: the scan tables, the scans' clock and the retention period.
import { settings } from "../config.js";
import { ScanStore } from "../store/scanStore.js";
import type { PurgeOldResultsPorts } from "../usecases/purgeOldResults.js";
import { storageFromSettings } from "./storageFromSettings.js";

let ports: Promise<PurgeOldResultsPorts> | undefined;

export function purgePortsFromSettings(): Promise<PurgeOldResultsPorts> {
  ports ??= (async () => {
    const current = settings();
    return {
      store: await ScanStore.open(storageFromSettings(current)),
      // A pinned scan clock (demos) ages results by the same clock the scans stamped them with.
      clock: current.CADENCE_NOW ? { now: () => new Date(current.CADENCE_NOW!) } : { now: () => new Date() },
      retentionDays: current.CADENCE_RETENTION_DAYS,
    };
  })().catch((err) => {
    ports = undefined; // a storage hiccup at start-up must not poison every later invocation
    throw err;
  });
  return ports;
}
