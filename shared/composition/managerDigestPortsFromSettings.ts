// The managers' weekly team card from the settings: the latest scan's pairs, the open proposals, Graph for the
// managers' zone and language, the Bot Connector, and the digest card builder.
import { settings } from "../config.js";
import { toIanaZone } from "../domain/timeZone.js";
import { AgendaTableStore } from "../store/agendaTableStore.js";
import { ScanStore } from "../store/scanStore.js";
import { buildManagerDigestCard } from "../teams/buildManagerDigestCard.js";
import { buildProposalAnsweredCard } from "../teams/buildProposalAnsweredCard.js";
import { agendaPairKey } from "../usecases/agendaPairKey.js";
import { createProposalActions } from "../usecases/createProposalActions.js";
import type { ManagerDigestView, SendManagerDigestsPorts } from "../usecases/sendManagerDigests.js";
import { clockFromSettings } from "./clockFromSettings.js";
import { gatewayFromSettings } from "./gatewayFromSettings.js";
import { oncePerProcess } from "./oncePerProcess.js";
import { schedulingPortsFromSettings } from "./schedulingPortsFromSettings.js";
import { storageFromSettings } from "./storageFromSettings.js";
import { teamsDeliveryFromSettings } from "./teamsDeliveryFromSettings.js";
import { trackedPairsFromScans } from "./trackedPairsFromScans.js";
import { upcomingCalendarFromGateway } from "./upcomingCalendarFromGateway.js";

export const managerDigestPortsFromSettings: () => Promise<SendManagerDigestsPorts> = oncePerProcess(
  async () => {
    const current = settings();
    const [scans, store, scheduling] = await Promise.all([
      ScanStore.open(storageFromSettings(current)),
      AgendaTableStore.open(storageFromSettings(current)),
      schedulingPortsFromSettings(),
    ]);
    const gateway = gatewayFromSettings(current);
    return {
      clock: clockFromSettings(current),
      pairs: trackedPairsFromScans(scans, current.CADENCE_EXCLUDED_USERS),
      proposals: createProposalActions(scheduling, { buildAnsweredCard: buildProposalAnsweredCard }),
      mailboxSettings: upcomingCalendarFromGateway(gateway),
      teams: teamsDeliveryFromSettings(current, gateway),
      store,
      tenantId: current.GRAPH_TENANT_ID,
      blockedRetryDays: current.CADENCE_AGENDA_BLOCKED_RETRY_DAYS,
      buildManagerDigestCard: digestCard,
    };
  },
);

/** The use case's view → the card's input: one line per team member, proposals with their accept button. */
export function digestCard(view: ManagerDigestView): object {
  const proposalOf = new Map(view.proposals.map((p) => [p.reportId, p]));
  const slot = (iso: string) =>
    new Intl.DateTimeFormat(view.language, {
      timeZone: safeZone(view.timeZone),
      weekday: "short",
      day: "numeric",
      month: "short",
      hour: "2-digit",
      minute: "2-digit",
    }).format(new Date(iso));
  const member = (p: ManagerDigestView["due"][number], status: "due" | "lapsed") => {
    const proposal = proposalOf.get(p.reportId);
    return {
      name: p.reportName,
      status: proposal ? ("proposalOpen" as const) : status,
      detail: p.reason,
      proposal: proposal
        ? {
            proposalId: proposal.proposalId,
            pairKey: agendaPairKey(view.managerId, p.reportId),
            slotText: slot(proposal.firstStart),
          }
        : undefined,
    };
  };
  const listed = new Set([...view.due, ...view.lapsed].map((p) => p.reportId));
  return buildManagerDigestCard({
    managerName: view.managerName,
    language: view.language,
    weekOf: view.weekOf,
    members: [
      ...view.lapsed.map((p) => member(p, "lapsed")),
      ...view.due.map((p) => member(p, "due")),
      ...view.proposals
        .filter((p) => !listed.has(p.reportId))
        .map((p) => ({
          name: p.reportName,
          status: "proposalOpen" as const,
          detail: "",
          proposal: {
            proposalId: p.proposalId,
            pairKey: agendaPairKey(view.managerId, p.reportId),
            slotText: slot(p.firstStart),
          },
        })),
    ],
  });
}

/** Mailbox zones may be Windows names; Intl knows only IANA ones. */
function safeZone(zone: string): string {
  try {
    const iana = toIanaZone(zone);
    new Intl.DateTimeFormat("en", { timeZone: iana });
    return iana;
  } catch {
    return "UTC";
  }
}
