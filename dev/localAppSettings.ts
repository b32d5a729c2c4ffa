import { simulatorSettings } from "./sim/simulatorSettings.js";

/**
 * The app settings every local run of the whole app needs (demo, integration tests): storage, the simulator as
 * Graph, the timer schedules the bindings read by name, the pinned clock and the host's master key.
 */
export function localAppSettings(options: {
  storage: string;
  /** A running simulator; with its `teams`, the bot settings point at the simulated Bot Connector too. */
  sim: Parameters<typeof simulatorSettings>[0];
  now: string;
  masterKey: string;
}): Record<string, string> {
  return {
    FUNCTIONS_WORKER_RUNTIME: "node",
    AzureWebJobsStorage: options.storage,
    ...simulatorSettings(options.sim),
    // Scans run on demand here; the nightly timer and the weekly digest keep their usual hours.
    CADENCE_SCAN_SCHEDULE: "0 0 2 * * *",
    CADENCE_DIGEST_SCHEDULE: "0 0 8 * * 1",
    // Cards are sent on demand here (the demo fires the timers through /admin/functions): the card timers get a
    // yearly slot, so a test's Graph and Bot Connector counts never include a run the wall clock happened to start.
    CADENCE_AGENDA_SCHEDULE: "0 0 4 1 1 *",
    CADENCE_MANAGER_DIGEST_SCHEDULE: "0 0 4 1 1 *",
    CADENCE_NOW: options.now,
    CADENCE_HOST_MASTER_KEY: options.masterKey,
  };
}
