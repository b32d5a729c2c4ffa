// The agenda timer's adapters from the settings, built once per process: the scan tables (latest pairs), the agenda
// tables, Graph, the Bot Connector, and the real agenda composer + card builder.
import { settings } from "../config.js";
import { AgendaTableStore } from "../store/agendaTableStore.js";
import { ScanStore } from "../store/scanStore.js";
import type { SendAgendasPorts } from "../usecases/sendAgendas.js";
import { agendaCardPartsReal } from "./agendaCardPartsReal.js";
import { clockFromSettings } from "./clockFromSettings.js";
import { gatewayFromSettings } from "./gatewayFromSettings.js";
import { oncePerProcess } from "./oncePerProcess.js";
import { storageFromSettings } from "./storageFromSettings.js";
import { teamsDeliveryFromSettings } from "./teamsDeliveryFromSettings.js";
import { trackedPairsFromScans } from "./trackedPairsFromScans.js";
import { upcomingCalendarFromGateway } from "./upcomingCalendarFromGateway.js";

export const agendaPortsFromSettings: () => Promise<SendAgendasPorts> = oncePerProcess(async () => {
  const current = settings();
  const [scans, store] = await Promise.all([
    ScanStore.open(storageFromSettings(current)),
    AgendaTableStore.open(storageFromSettings(current)),
  ]);
  const gateway = gatewayFromSettings(current);
  const graph = upcomingCalendarFromGateway(gateway);
  return {
    ...agendaCardPartsReal,
    teams: teamsDeliveryFromSettings(current, gateway),
    // CADENCE_NOW pins the demo's clock, as for scans.
    clock: clockFromSettings(current),
    pairs: trackedPairsFromScans(scans, current.CADENCE_EXCLUDED_USERS),
    calendar: graph,
    mailboxSettings: graph,
    store,
    tenantId: current.GRAPH_TENANT_ID,
    blockedRetryDays: current.CADENCE_AGENDA_BLOCKED_RETRY_DAYS,
  };
});
