// Proposal cards from the settings: the proposal table, the agenda tables' delivery records, Graph for the
// managers' language, the Bot Connector.
import { settings } from "../config.js";
import { optedOut } from "../domain/optedOut.js";
import { AgendaTableStore } from "../store/agendaTableStore.js";
import { ProposalStore } from "../store/proposalStore.js";
import type { SendProposalCardsPorts } from "../usecases/sendProposalCards.js";
import { clockFromSettings } from "./clockFromSettings.js";
import { gatewayFromSettings } from "./gatewayFromSettings.js";
import { oncePerProcess } from "./oncePerProcess.js";
import { proposalCardFor } from "./proposalCardFor.js";
import { storageFromSettings } from "./storageFromSettings.js";
import { teamsDeliveryFromSettings } from "./teamsDeliveryFromSettings.js";
import { upcomingCalendarFromGateway } from "./upcomingCalendarFromGateway.js";

export const proposalCardPortsFromSettings: () => Promise<SendProposalCardsPorts> = oncePerProcess(
  async () => {
    const current = settings();
    const [proposals, store] = await Promise.all([
      ProposalStore.open(storageFromSettings(current)),
      AgendaTableStore.open(storageFromSettings(current)),
    ]);
    const gateway = gatewayFromSettings(current);
    return {
      clock: clockFromSettings(current),
      // A proposal for someone who opted out since the last plan is not sent (that plan withdraws it).
      proposals: {
        list: async (filter) =>
          (await proposals.list(filter)).filter((p) => !optedOut(p, current.CADENCE_EXCLUDED_USERS)),
      },
      mailboxSettings: upcomingCalendarFromGateway(gateway),
      teams: teamsDeliveryFromSettings(current, gateway),
      store,
      tenantId: current.GRAPH_TENANT_ID,
      blockedRetryDays: current.CADENCE_AGENDA_BLOCKED_RETRY_DAYS,
      buildProposalCard: proposalCardFor,
    };
  },
);
