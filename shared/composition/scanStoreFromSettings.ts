// The scan tables, opened once per process for every function that reads or writes scan runs and pair rows.
import { settings } from "../config.js";
import { ScanStore } from "../store/scanStore.js";
import { oncePerProcess } from "./oncePerProcess.js";
import { storageFromSettings } from "./storageFromSettings.js";

export const scanStoreFromSettings: () => Promise<ScanStore> = oncePerProcess(() =>
  ScanStore.open(storageFromSettings(settings())),
);
