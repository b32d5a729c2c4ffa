// The weekly card to each manager about their own team: who is due a 1:1, who lapsed, which proposals wait for an
// answer (each with one click to accept). Sent once per manager per week, through the bot like the agenda cards.
import type { MailboxSettings } from "@microsoft/microsoft-graph-types";
import type { PairStatus } from "../domain/pairResult.js";
import type { ConversationPorts } from "./conversationFor.js";
import type { ConversationStore, DeliveryRecord, DeliveryStore } from "./ports/agendaStores.js";
import type { ProposalActions, ProposalSummary } from "./ports/proposalActions.js";
import type { Keyed, SchedulingGraph } from "./ports/schedulingGraph.js";
import type { TeamsDelivery } from "./ports/teamsDelivery.js";
import type { TrackedPair, TrackedPairs } from "./ports/trackedPairs.js";
import { sendCardOnce } from "./sendCardOnce.js";

export interface DigestPair {
  reportId: string;
  reportName: string;
  reportUpn: string;
  /** Start of the latest 1:1 held (ISO-8601 UTC), or null when none in the lookback. */
  lastHeld: string | null;
  reason: string;
}

/** The view model the manager digest card is built from. */
export interface ManagerDigestView {
  managerId: string;
  managerName: string;
  /** The Monday (UTC) of the week the digest is for, YYYY-MM-DD. */
  weekOf: string;
  timeZone: string;
  language: string;
  due: DigestPair[];
  lapsed: DigestPair[];
  proposals: ProposalSummary[];
}

export interface SendManagerDigestsPorts extends Omit<ConversationPorts, "store"> {
  clock: { now(): Date };
  pairs: TrackedPairs;
  proposals: Pick<ProposalActions, "openProposals">;
  mailboxSettings: Pick<SchedulingGraph, "readMailboxSettings">;
  teams: TeamsDelivery;
  store: DeliveryStore & ConversationStore;
  buildManagerDigestCard(view: ManagerDigestView): object;
}

export interface SendManagerDigestsResult {
  sent: number;
  /** Managers with nothing due, lapsed or waiting: no card. */
  quiet: number;
  blocked: string[];
  failed: { managerId: string; code: string }[];
}

/** A pair is due when it has no 1:1 booked: never met, or meets less often than the target. */
const DUE: ReadonlySet<PairStatus> = new Set(["missing", "belowTarget"]);

export async function sendManagerDigests(ports: SendManagerDigestsPorts): Promise<SendManagerDigestsResult> {
  const now = ports.clock.now();
  const weekOf = mondayOf(now);
  const result: SendManagerDigestsResult = { sent: 0, quiet: 0, blocked: [], failed: [] };
  const byManager = new Map<string, TrackedPair[]>();
  for (const pair of await ports.pairs.latestPairs()) {
    byManager.set(pair.managerId, [...(byManager.get(pair.managerId) ?? []), pair]);
  }
  const managers = [...byManager.keys()];
  const settings: Map<string, Keyed<MailboxSettings>> = managers.length
    ? await ports.mailboxSettings.readMailboxSettings(managers)
    : new Map();
  for (const [managerId, team] of byManager) {
    const proposals = await ports.proposals.openProposals(managerId);
    const read = settings.get(managerId);
    const mailbox = read?.ok ? read.value : undefined;
    const view: ManagerDigestView = {
      managerId,
      managerName: team[0]!.managerName ?? team[0]!.managerUpn,
      weekOf,
      timeZone: mailbox?.timeZone || "UTC",
      language: mailbox?.language?.locale || "en",
      due: team.filter((p) => DUE.has(p.status)).map(digestPair),
      lapsed: team.filter((p) => p.status === "lapsed").map(digestPair),
      proposals,
    };
    if (!view.due.length && !view.lapsed.length && !view.proposals.length) {
      result.quiet++;
      continue;
    }
    await sendOne(ports, now, view, result);
  }
  return result;
}

async function sendOne(
  ports: SendManagerDigestsPorts,
  now: Date,
  view: ManagerDigestView,
  result: SendManagerDigestsResult,
): Promise<void> {
  const claim: DeliveryRecord = {
    occurrenceId: `digest:${view.weekOf}`,
    recipientId: view.managerId,
    pairKey: "digest",
    managerId: view.managerId,
    reportId: "",
    managerName: view.managerName,
    reportName: "",
    timeZone: view.timeZone,
    language: view.language,
    state: "pending",
    updatedAt: now.toISOString(),
    activityId: null,
    conversationId: null,
    serviceUrl: null,
    start: now.toISOString(),
    end: now.toISOString(),
    seriesMasterId: null,
    joinUrl: null,
    error: null,
  };
  // One digest a week per manager: a second run in the same week finds the claim and stops.
  const outcome = await sendCardOnce(ports, now, claim, () => ports.buildManagerDigestCard(view));
  if (outcome.kind === "sent") result.sent++;
  else if (outcome.kind === "blocked") result.blocked.push(view.managerId);
  else if (outcome.kind === "failed") result.failed.push({ managerId: view.managerId, code: outcome.code });
}

function digestPair(pair: TrackedPair): DigestPair {
  return {
    reportId: pair.reportId,
    reportName: pair.reportName ?? pair.reportUpn,
    reportUpn: pair.reportUpn,
    lastHeld: pair.lastHeld,
    reason: pair.reason,
  };
}

function mondayOf(now: Date): string {
  const day = (now.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - day))
    .toISOString()
    .slice(0, 10);
}
