// The report's adapters from the settings, built once per process: the scan tables and the scan's clock.
import { settings } from "../config.js";
import { ProposalStore } from "../store/proposalStore.js";
import { ScanStore } from "../store/scanStore.js";
import type { BuildReportPorts } from "../usecases/buildReport.js";
import { storageFromSettings } from "./storageFromSettings.js";

let ports: Promise<BuildReportPorts> | undefined;

export function reportPortsFromSettings(): Promise<BuildReportPorts> {
  ports ??= (async () => {
    const current = settings();
    return {
      store: await ScanStore.open(storageFromSettings(current)),
      proposals: await ProposalStore.open(storageFromSettings(current)),
      // CADENCE_NOW pins the demo's and tests' scans; the report is then made at the same instant.
      clock: current.CADENCE_NOW ? { now: () => new Date(current.CADENCE_NOW!) } : { now: () => new Date() },
      minGroupSize: current.CADENCE_REPORT_MIN_GROUP_SIZE,
    };
  })().catch((err) => {
    ports = undefined; // a storage hiccup at start-up must not poison every later invocation
    throw err;
  });
  return ports;
}
