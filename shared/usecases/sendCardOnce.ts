// One card to one person exactly once, keyed like an agenda card's delivery record: the manager digest (once a
// week) and the proposal cards (once per proposal) share the claim → conversation → send → record steps.
import { AppError } from "../errors.js";
import { type ConversationPorts, conversationFor, markBlocked } from "./conversationFor.js";
import { isStaleClaim } from "./isStaleClaim.js";
import type { ConversationStore, DeliveryRecord, DeliveryStore } from "./ports/agendaStores.js";
import type { TeamsDelivery } from "./ports/teamsDelivery.js";

export interface SendCardOncePorts extends Omit<ConversationPorts, "store"> {
  teams: TeamsDelivery;
  store: DeliveryStore & ConversationStore;
  /** A `pending` claim older than this was left by a run that died before sending: another run takes it over. */
  claimLeaseMs?: number;
}

export type SendCardOnceOutcome =
  | { kind: "sent" }
  /** Someone already claimed it (sent, in flight, or a run that died mid-send): nothing done. */
  | { kind: "claimed" }
  | { kind: "blocked" }
  | { kind: "failed"; code: string };

/** `claim` is the delivery record to insert (state `pending`); `card` is built only once the claim is won. */
export async function sendCardOnce(
  ports: SendCardOncePorts,
  now: Date,
  claim: DeliveryRecord,
  card: () => object,
): Promise<SendCardOnceOutcome> {
  let etag: string | null;
  if (await ports.store.claimDelivery(claim)) {
    etag = (await ports.store.getDelivery(claim.occurrenceId, claim.recipientId))?.etag ?? null;
  } else {
    // Nothing was sent under a `pending` claim: one a crashed run left behind is taken over, or the card is lost.
    const existing = await ports.store.getDelivery(claim.occurrenceId, claim.recipientId);
    if (existing?.value.state !== "pending" || !isStaleClaim(existing.value, now, ports.claimLeaseMs))
      return { kind: "claimed" };
    etag = await ports.store.replaceDelivery(claim, existing.etag);
  }
  if (!etag) return { kind: "claimed" };
  const conversation = await conversationFor(ports, now, claim.recipientId);
  if (conversation.kind === "blocked") {
    await ports.store.replaceDelivery({ ...claim, state: "blocked", error: "TEAMS.BLOCKED" }, etag);
    return { kind: "blocked" };
  }
  if (conversation.kind === "failed") {
    await ports.store.releaseDelivery(claim.occurrenceId, claim.recipientId, etag);
    return { kind: "failed", code: conversation.code };
  }
  const sending = { ...claim, state: "sending" as const, ...conversation.value };
  etag = await ports.store.replaceDelivery(sending, etag);
  if (!etag) return { kind: "claimed" };
  try {
    const { activityId } = await ports.teams.sendCard(conversation.value, card());
    await ports.store.replaceDelivery({ ...sending, state: "sent", activityId }, etag);
    return { kind: "sent" };
  } catch (err) {
    // Not a typed Teams error: unknown whether it arrived, so the `sending` record stays and it is never re-sent.
    if (!(err instanceof AppError)) throw err;
    if (err.code === "TEAMS.UNCERTAIN") {
      // The card may have arrived: the `sending` record stays, so no run sends it again.
      await ports.store.replaceDelivery({ ...sending, error: err.code }, etag);
      return { kind: "failed", code: err.code };
    }
    if (err.code === "TEAMS.BLOCKED") {
      await markBlocked(ports, now, claim.recipientId);
      await ports.store.replaceDelivery({ ...sending, state: "blocked", error: err.code }, etag);
      return { kind: "blocked" };
    }
    await ports.store.releaseDelivery(claim.occurrenceId, claim.recipientId, etag);
    return { kind: "failed", code: err.code };
  }
}
