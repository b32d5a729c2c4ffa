// The report's adapters from the settings, built once per process: the scan tables and the scan's clock.
import { settings } from "../config.js";
import { ScanStore } from "../store/scanStore.js";
import type { BuildReportPorts } from "../usecases/buildReport.js";
import { clockFromSettings } from "./clockFromSettings.js";
import { oncePerProcess } from "./oncePerProcess.js";
import { storageFromSettings } from "./storageFromSettings.js";

export const reportPortsFromSettings: () => Promise<BuildReportPorts> = oncePerProcess(async () => {
  const current = settings();
  return {
    store: await ScanStore.open(storageFromSettings(current)),
    // CADENCE_NOW pins the demo's and tests' scans; the report is then made at the same instant.
    clock: clockFromSettings(current),
    minGroupSize: current.CADENCE_REPORT_MIN_GROUP_SIZE,
  };
});
