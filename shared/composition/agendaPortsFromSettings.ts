// The agenda timer's adapters from the settings, built once per process: the scan tables (latest pairs), the agenda
// tables, Graph. Teams delivery and the card parts come from the bot and agenda work and are added by the caller.
import { settings } from "../config.js";
import { AgendaTableStore } from "../store/agendaTableStore.js";
import { ScanStore } from "../store/scanStore.js";
import type { SendAgendasPorts } from "../usecases/sendAgendas.js";
import { clockFromSettings } from "./clockFromSettings.js";
import { gatewayFromSettings } from "./gatewayFromSettings.js";
import { oncePerProcess } from "./oncePerProcess.js";
import { storageFromSettings } from "./storageFromSettings.js";
import { upcomingCalendarFromGateway } from "./upcomingCalendarFromGateway.js";

export type AgendaBasePorts = Omit<SendAgendasPorts, "teams" | "composeAgenda" | "buildAgendaCard">;

export const agendaPortsFromSettings: () => Promise<AgendaBasePorts> = oncePerProcess(async () => {
  const current = settings();
  const [scans, store] = await Promise.all([
    ScanStore.open(storageFromSettings(current)),
    AgendaTableStore.open(storageFromSettings(current)),
  ]);
  const graph = upcomingCalendarFromGateway(gatewayFromSettings(current));
  return {
    // CADENCE_NOW pins the demo's clock, as for scans.
    clock: clockFromSettings(current),
    pairs: {
      async latestPairs() {
        const run = await scans.latestCompleteRun();
        return run ? scans.listPairs(run.runId) : [];
      },
    },
    calendar: graph,
    mailboxSettings: graph,
    store,
    tenantId: current.GRAPH_TENANT_ID,
    blockedRetryDays: current.CADENCE_AGENDA_BLOCKED_RETRY_DAYS,
  };
});
