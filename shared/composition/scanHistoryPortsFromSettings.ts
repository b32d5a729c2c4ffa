// The adapters of what reads the stored scans back (the report, the digest) and what ages them out (retention):
// the scan tables, the scans' clock and the settings both read.
import { settings } from "../config.js";
import type { BuildReportPorts } from "../usecases/buildReport.js";
import type { PurgeOldResultsPorts } from "../usecases/purgeOldResults.js";
import { clockFromSettings } from "./clockFromSettings.js";
import { proposalStoreFromSettings } from "./proposalStoreFromSettings.js";
import { scanStoreFromSettings } from "./scanStoreFromSettings.js";

export async function scanHistoryPortsFromSettings(): Promise<BuildReportPorts & PurgeOldResultsPorts> {
  const current = settings();
  return {
    store: await scanStoreFromSettings(),
    proposals: await proposalStoreFromSettings(),
    // CADENCE_NOW pins the demo's and tests' scans: the report is made, and results are aged, by the same clock.
    clock: clockFromSettings(current),
    minGroupSize: current.CADENCE_REPORT_MIN_GROUP_SIZE,
    retentionDays: current.CADENCE_RETENTION_DAYS,
  };
}
