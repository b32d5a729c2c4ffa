// What the notification endpoint needs, and nothing more: Graph waits only 3 seconds for its answer, so a cold
// start opens the incremental tables alone (no Graph client, no scan tables).
import { settings } from "../config.js";
import { IncrementalStore } from "../store/incrementalStore.js";
import type { RecordChangeNotificationsPorts } from "../usecases/recordChangeNotifications.js";
import { oncePerProcess } from "./oncePerProcess.js";
import { storageFromSettings } from "./storageFromSettings.js";

/** null when incremental scans are not configured (no CADENCE_NOTIFICATION_URL / client state). */
export const notificationPortsFromSettings: () => Promise<RecordChangeNotificationsPorts | null> =
  oncePerProcess(async () => {
    const current = settings();
    const clientState = current.CADENCE_NOTIFICATION_CLIENT_STATE;
    if (!current.CADENCE_NOTIFICATION_URL || !clientState) return null;
    return {
      store: await IncrementalStore.open(storageFromSettings(current)),
      clock: { now: () => new Date() },
      clientState,
    };
  });
