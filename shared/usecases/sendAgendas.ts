// The agenda timer (issue 10): one card to each person of a tracked pair before each 1:1, exactly once per occurrence
// per person, updated when the occurrence moves or is cancelled after its card went out.
import type { MailboxSettings } from "@microsoft/microsoft-graph-types";
import type { Occurrence, Role } from "../domain/agenda/agendaTypes.js";
import type { PairAddresses } from "../domain/meetsOnlyPair.js";
import { occurrenceOf } from "../domain/occurrenceOf.js";
import { pairOccurrences } from "../domain/pairOccurrences.js";
import { AppError } from "../errors.js";
import type { AgendaCardParts } from "./agendaCardParts.js";
import { agendaInputFor } from "./agendaInputFor.js";
import { agendaPairKey } from "./agendaPairKey.js";
import { conversationFor, markBlocked } from "./conversationFor.js";
import type { AgendaStores, DeliveryRecord, LeadTime } from "./ports/agendaStores.js";
import type { SchedulingGraph } from "./ports/schedulingGraph.js";
import type { TeamsDelivery } from "./ports/teamsDelivery.js";
import type { TrackedPair, TrackedPairs } from "./ports/trackedPairs.js";
import type { UpcomingCalendar } from "./ports/upcomingCalendar.js";

const HOUR = 3_600_000;
const LEAD_MS: Record<LeadTime, number> = { "24h": 24 * HOUR, "2h": 2 * HOUR, off: 0 };
/** The longest lead time: how far ahead the calendars are read. */
const MAX_LEAD_MS = LEAD_MS["24h"];
/** Statuses whose pairs have 1:1s on the calendar (the others get proposals, not agendas). */
const TRACKED = new Set<TrackedPair["status"]>(["healthy", "belowTarget", "scheduled"]);

export interface SendAgendasPorts extends AgendaCardParts {
  clock: { now(): Date };
  pairs: TrackedPairs;
  calendar: UpcomingCalendar;
  mailboxSettings: Pick<SchedulingGraph, "readMailboxSettings">;
  teams: TeamsDelivery;
  store: AgendaStores;
  /** The Entra tenant the users belong to (the bot's conversations are per tenant). */
  tenantId: string;
  /** A `pending` claim older than this was left by a run that died before sending: another run takes it over. */
  claimLeaseMs?: number;
  /** A user who blocked the bot is asked again (a new conversation) only after this many days. */
  blockedRetryDays?: number;
}

export interface DeliveryProblem {
  occurrenceId: string;
  recipientId: string;
  code: string;
}

export interface SendAgendasResult {
  sent: number;
  updated: number;
  cancelled: number;
  /** Users who blocked the bot (newly found or still within the retry pause): recorded, not retried each run. */
  blocked: string[];
  /** Sends that failed for sure; their claims were released, a later run tries again. */
  failed: DeliveryProblem[];
  /** Claims a run left mid-send (crashed or an unknown error): never sent again, as the card may have arrived. */
  uncertain: DeliveryProblem[];
  /** Managers whose calendar could not be read this run: nothing was sent, moved or cancelled for their pairs. */
  unreadManagers: string[];
}

interface Subject {
  pair: TrackedPair;
  pairKey: string;
  occurrence: Occurrence;
}

interface Recipient {
  id: string;
  role: Role;
  timeZone: string;
  language: string;
}

/**
 * One timer run. Cancellation: calendarView leaves cancelled occurrences out, so an occurrence whose card was sent
 * and that the new read no longer shows was cancelled, deleted or moved out of the window; those few are read by id
 * (batched) — 404, cancelled or declined → the card says cancelled; found at a new time → the card shows it.
 * A manager whose calendar read failed is left alone this run: a failed read is no evidence of a cancellation.
 */
export async function sendAgendas(ports: SendAgendasPorts): Promise<SendAgendasResult> {
  const now = ports.clock.now();
  const result: SendAgendasResult = {
    sent: 0,
    updated: 0,
    cancelled: 0,
    blocked: [],
    failed: [],
    uncertain: [],
    unreadManagers: [],
  };
  const pairs = (await ports.pairs.latestPairs()).filter((p) => TRACKED.has(p.status));
  const shown = await ports.store.listShownSince(now);
  const managerIds = [...new Set([...pairs.map((p) => p.managerId), ...shown.map((d) => d.managerId)])];
  if (managerIds.length === 0) return result;

  const calendars = await ports.calendar.readUpcomingOccurrences(managerIds, {
    start: now,
    end: new Date(now.getTime() + MAX_LEAD_MS),
  });
  const unread = new Set(managerIds.filter((id) => !calendars.get(id)?.ok));
  result.unreadManagers = [...unread];

  const present = new Map<string, Subject>();
  for (const pair of pairs) {
    const read = calendars.get(pair.managerId);
    if (!read?.ok) continue;
    const pairKey = agendaPairKey(pair.managerId, pair.reportId);
    for (const occurrence of pairOccurrences(read.value, addressesOf(pair))) {
      present.set(occurrence.id, { pair, pairKey, occurrence });
    }
  }

  await refreshShownCards(ports, now, shown, present, unread, result);

  // Cards already out need nothing more here (their moves were handled above): a run every 15 minutes then costs
  // one table query and the calendar reads, not a claim per card in the window.
  const delivered = new Set(shown.map((d) => `${d.occurrenceId}\n${d.recipientId}`));
  const todo = [...present.values()]
    .filter((s) => !s.occurrence.isCancelled && s.occurrence.start.getTime() >= now.getTime())
    .flatMap((subject) =>
      (["manager", "report"] as const).map((role) => ({
        subject,
        role,
        id: role === "manager" ? subject.pair.managerId : subject.pair.reportId,
      })),
    )
    .filter((t) => !delivered.has(`${t.subject.occurrence.id}\n${t.id}`));
  const people = [...new Set(todo.map((t) => t.id))];
  const settings = people.length ? await ports.mailboxSettings.readMailboxSettings(people) : new Map();
  for (const { subject, role, id } of todo) {
    await deliverOne(ports, now, subject, recipientOf(id, role, settings.get(id)), result);
  }
  return result;
}

async function deliverOne(
  ports: SendAgendasPorts,
  now: Date,
  subject: Subject,
  recipient: Recipient,
  result: SendAgendasResult,
): Promise<void> {
  const { store } = ports;
  const { occurrence, pairKey } = subject;
  const preferences = await store.getPreferences(recipient.id);
  const lead = LEAD_MS[preferences.leadTime];
  if (lead === 0 || occurrence.start.getTime() - now.getTime() > lead) return;
  if (preferences.mutedPairs.includes(pairKey)) return;
  if (await store.isSkipped(occurrence.id, recipient.id)) return;

  const claim: DeliveryRecord = {
    occurrenceId: occurrence.id,
    recipientId: recipient.id,
    pairKey,
    managerId: subject.pair.managerId,
    reportId: subject.pair.reportId,
    managerName: subject.pair.managerName ?? subject.pair.managerUpn,
    reportName: subject.pair.reportName ?? subject.pair.reportUpn,
    timeZone: recipient.timeZone,
    language: recipient.language,
    state: "pending",
    updatedAt: now.toISOString(),
    activityId: null,
    conversationId: null,
    serviceUrl: null,
    start: occurrence.start.toISOString(),
    end: occurrence.end.toISOString(),
    seriesMasterId: occurrence.seriesMasterId,
    joinUrl: occurrence.joinUrl,
    error: null,
    rhythmDays: subject.pair.cadenceDays,
  };
  let etag: string | null;
  if (await store.claimDelivery(claim)) {
    etag = (await store.getDelivery(occurrence.id, recipient.id))?.etag ?? null;
  } else {
    // Someone holds it: done, in flight, or a claim a crashed run left before sending, which is safe to take over.
    const existing = await store.getDelivery(occurrence.id, recipient.id);
    if (!existing) return;
    const { value } = existing;
    if (value.state === "sending" && isStale(value, now, ports.claimLeaseMs)) {
      result.uncertain.push({
        occurrenceId: value.occurrenceId,
        recipientId: value.recipientId,
        code: "CARD.UNCERTAIN",
      });
      return;
    }
    if (value.state !== "pending" || !isStale(value, now, ports.claimLeaseMs)) return;
    etag = await store.replaceDelivery(claim, existing.etag);
  }
  if (!etag) return;

  const conversation = await conversationFor(ports, now, recipient.id);
  if (conversation.kind === "blocked") {
    await store.replaceDelivery({ ...claim, state: "blocked", error: "TEAMS.BLOCKED" }, etag);
    if (!result.blocked.includes(recipient.id)) result.blocked.push(recipient.id);
    return;
  }
  if (conversation.kind === "failed") {
    await store.releaseDelivery(occurrence.id, recipient.id, etag);
    result.failed.push({ occurrenceId: occurrence.id, recipientId: recipient.id, code: conversation.code });
    return;
  }

  const input = await agendaInputFor(store, {
    pairKey,
    managerId: claim.managerId,
    managerName: claim.managerName,
    reportId: claim.reportId,
    reportName: claim.reportName,
    rhythmDays: subject.pair.cadenceDays,
    lastHeld: subject.pair.lastHeld,
    recipient,
    occurrence,
  });
  const view = ports.composeAgenda(input);
  const card = ports.buildAgendaCard(view, {
    occurrenceId: occurrence.id,
    pairKey,
    recipientId: recipient.id,
  });

  const { conversationId, serviceUrl } = conversation.value;
  const sending = { ...claim, state: "sending" as const, conversationId, serviceUrl };
  etag = await store.replaceDelivery(sending, etag);
  if (!etag) return;
  let activityId: string;
  try {
    ({ activityId } = await ports.teams.sendCard(conversation.value, card));
  } catch (err) {
    await sendFailed(ports, now, sending, etag, err, result);
    return;
  }
  await store.replaceDelivery({ ...sending, state: "sent", activityId }, etag);
  await store.recordAsked({
    pairKey,
    occurrenceId: occurrence.id,
    start: claim.start,
    questionIds: view.questions.map((q) => q.id),
  });
  result.sent++;
}

/** A typed failure means the card did not go: release the claim (or record the block). Anything else: unknown. */
async function sendFailed(
  ports: SendAgendasPorts,
  now: Date,
  record: DeliveryRecord,
  etag: string,
  err: unknown,
  result: SendAgendasResult,
): Promise<void> {
  const problem = { occurrenceId: record.occurrenceId, recipientId: record.recipientId };
  // TEAMS.UNCERTAIN: the answer was lost after the card went out, or not; sending again could duplicate it.
  if (!(err instanceof AppError) || err.code === "TEAMS.UNCERTAIN") {
    await ports.store.replaceDelivery({ ...record, error: String(err) }, etag);
    result.uncertain.push({ ...problem, code: "CARD.UNCERTAIN" });
    return;
  }
  if (err.code === "TEAMS.BLOCKED") {
    await markBlocked(ports, now, record.recipientId);
    await ports.store.replaceDelivery({ ...record, state: "blocked", error: err.code }, etag);
    if (!result.blocked.includes(record.recipientId)) result.blocked.push(record.recipientId);
    return;
  }
  await ports.store.releaseDelivery(record.occurrenceId, record.recipientId, etag);
  result.failed.push({ ...problem, code: err.code });
}

/** Sent cards whose occurrence moved or was cancelled since: the card is replaced to say so. */
async function refreshShownCards(
  ports: SendAgendasPorts,
  now: Date,
  shown: readonly DeliveryRecord[],
  present: ReadonlyMap<string, Subject>,
  unread: ReadonlySet<string>,
  result: SendAgendasResult,
): Promise<void> {
  const readable = shown.filter((d) => !unread.has(d.managerId));
  const missing = [
    ...new Set(readable.filter((d) => !present.has(d.occurrenceId)).map((d) => d.occurrenceId)),
  ];
  const lookedUp = missing.length
    ? await ports.calendar.readEventsByIds(
        missing.map((id) => ({
          mailbox: readable.find((d) => d.occurrenceId === id)!.managerId,
          eventId: id,
        })),
      )
    : new Map();
  for (const delivery of readable) {
    // Another run is replacing this card right now.
    if (delivery.updating && !isStale(delivery, now, ports.claimLeaseMs)) continue;
    let current: Occurrence | null;
    const seen = present.get(delivery.occurrenceId);
    if (seen) current = seen.occurrence;
    else {
      const found = lookedUp.get(delivery.occurrenceId);
      if (!found?.ok) continue; // Unknown this run: try again next run rather than guess.
      current = found.value ? occurrenceOf(found.value) : null;
    }
    const cancelled = !current || current.isCancelled;
    if (
      !cancelled &&
      current!.start.toISOString() === delivery.start &&
      current!.end.toISOString() === delivery.end
    )
      continue;
    if (await ports.store.isSkipped(delivery.occurrenceId, delivery.recipientId)) continue;
    await updateShownCard(ports, now, delivery, current, result);
  }
}

async function updateShownCard(
  ports: SendAgendasPorts,
  now: Date,
  delivery: DeliveryRecord,
  current: Occurrence | null,
  result: SendAgendasResult,
): Promise<void> {
  const read = await ports.store.getDelivery(delivery.occurrenceId, delivery.recipientId);
  if (!read || !delivery.activityId || !delivery.conversationId || !delivery.serviceUrl) return;
  // Changed since this run listed it: an overlapping run updated the card already (its etag would let this one
  // through a second time).
  if (read.value.state !== delivery.state || read.value.updatedAt !== delivery.updatedAt) return;
  // Another run is sending this update; a claim older than the lease was left by a run that died, so it is redone.
  if (read.value.updating && !isStale(read.value, now, ports.claimLeaseMs)) return;
  const occurrence: Occurrence = current
    ? current
    : {
        id: delivery.occurrenceId,
        seriesMasterId: delivery.seriesMasterId,
        start: new Date(delivery.start),
        end: new Date(delivery.end),
        joinUrl: delivery.joinUrl,
        isCancelled: true,
      };
  const cancelled = occurrence.isCancelled;
  const role: Role = delivery.recipientId === delivery.managerId ? "manager" : "report";
  const input = await agendaInputFor(ports.store, {
    pairKey: delivery.pairKey,
    managerId: delivery.managerId,
    managerName: delivery.managerName,
    reportId: delivery.reportId,
    reportName: delivery.reportName,
    rhythmDays: delivery.rhythmDays ?? null,
    recipient: { id: delivery.recipientId, role, timeZone: delivery.timeZone, language: delivery.language },
    occurrence,
  });
  const card = ports.buildAgendaCard(ports.composeAgenda(input), {
    occurrenceId: delivery.occurrenceId,
    pairKey: delivery.pairKey,
    recipientId: delivery.recipientId,
  });
  // Claim the change first, so an overlapping run does not update the same card a second time. The claim keeps
  // the times the card shows: a run that dies before recording the update leaves the change for the next one.
  const { updating: _, ...shown } = read.value;
  const etag = await ports.store.replaceDelivery(
    { ...shown, updating: true, updatedAt: now.toISOString() },
    read.etag,
  );
  if (!etag) return;
  try {
    await ports.teams.updateCard(
      { conversationId: delivery.conversationId, serviceUrl: delivery.serviceUrl },
      delivery.activityId,
      card,
    );
  } catch (err) {
    // Put the record back as it was, so the next run sees the change again and retries the update.
    await ports.store.replaceDelivery(shown, etag);
    result.failed.push({
      occurrenceId: delivery.occurrenceId,
      recipientId: delivery.recipientId,
      code: err instanceof AppError ? err.code : "CARD.UPDATE_FAILED",
    });
    return;
  }
  await ports.store.replaceDelivery(
    {
      ...shown,
      state: cancelled ? "cancelled" : "updated",
      updatedAt: now.toISOString(),
      start: occurrence.start.toISOString(),
      end: occurrence.end.toISOString(),
      joinUrl: occurrence.joinUrl,
    },
    etag,
  );
  if (cancelled) result.cancelled++;
  else result.updated++;
}

function isStale(record: DeliveryRecord, now: Date, leaseMs = 10 * 60_000): boolean {
  return now.getTime() - Date.parse(record.updatedAt) >= leaseMs;
}

function recipientOf(
  id: string,
  role: Role,
  settings: { ok: true; value: MailboxSettings } | { ok: false } | undefined,
): Recipient {
  const value = settings?.ok ? settings.value : undefined;
  return {
    id,
    role,
    timeZone: value?.timeZone || "UTC",
    language: value?.language?.locale || "en",
  };
}

/** Scan results carry UPNs only; Exchange writes the UPN or the primary address, the same in most tenants. */
function addressesOf(pair: TrackedPair): PairAddresses {
  return { managerUpn: pair.managerUpn, managerMail: null, reportUpn: pair.reportUpn, reportMail: null };
}
