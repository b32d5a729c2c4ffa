// The retention timer's adapters: the scan tables, the scans' clock and the retention period.
import { settings } from "../config.js";
import { ScanStore } from "../store/scanStore.js";
import type { PurgeOldResultsPorts } from "../usecases/purgeOldResults.js";
import { clockFromSettings } from "./clockFromSettings.js";
import { oncePerProcess } from "./oncePerProcess.js";
import { storageFromSettings } from "./storageFromSettings.js";

export const purgePortsFromSettings: () => Promise<PurgeOldResultsPorts> = oncePerProcess(async () => {
  const current = settings();
  return {
    store: await ScanStore.open(storageFromSettings(current)),
    // A pinned scan clock (demos) ages results by the same clock the scans stamped them with.
    clock: clockFromSettings(current),
    retentionDays: current.CADENCE_RETENTION_DAYS,
  };
});
