// A person pressed a button on a card (an Action.Execute invoke): validate, check they may act, do it, answer with
// the refreshed card. Proposal buttons are answered by the scheduling work behind ProposalActions.
import { z } from "zod";
import type { Occurrence, Role } from "../domain/agenda/agendaTypes.js";
import { CARD_ACTION_DATA } from "../domain/agenda/cardActionData.js";
import { CARD_VERBS, type CardVerb } from "../domain/agenda/cardVerbs.js";
import { AppError } from "../errors.js";
import type { AgendaCardParts } from "./agendaCardParts.js";
import { agendaInputFor } from "./agendaInputFor.js";
import type { AgendaStores, DeliveryRecord } from "./ports/agendaStores.js";
import type { CardActionInput } from "./ports/cardActions.js";
import type { ProposalActions } from "./ports/proposalActions.js";
import type { Keyed } from "./ports/schedulingGraph.js";

/** What the bot endpoint hands over (ports/cardActions.ts): who pressed, the verb and data, the card's message. */
export type CardAction = CardActionInput;

export interface HandleCardActionPorts extends AgendaCardParts {
  clock: { now(): Date };
  store: AgendaStores;
  proposals: Pick<ProposalActions, "accept" | "snooze" | "decline">;
  /** New talking point ids (randomness is an input). */
  newId(): string;
}

/** "Not now" on a proposal card asks again in two weeks, the rhythm a proposal is for. */
const SNOOZE_DAYS = 14;

/** Errors: CARD.UNKNOWN_ACTION, CARD.INVALID_DATA, CARD.NOT_A_PARTICIPANT (and the proposal port's own). */
export async function handleCardAction(
  ports: HandleCardActionPorts,
  action: CardAction,
): Promise<Keyed<object>> {
  // Own keys only: a verb like "constructor" or "valueOf" must not find Object.prototype's.
  const schema = Object.hasOwn(CARD_ACTION_DATA, action.verb)
    ? (CARD_ACTION_DATA as Record<string, z.ZodType>)[action.verb]
    : undefined;
  if (!schema) return refused("CARD.UNKNOWN_ACTION", `unknown action "${action.verb}"`);
  const parsed = schema.safeParse(action.data ?? {});
  if (!parsed.success) return refused("CARD.INVALID_DATA", z.prettifyError(parsed.error));
  const verb = action.verb as CardVerb;
  const data = parsed.data as Record<string, unknown>;

  switch (verb) {
    case CARD_VERBS.acceptProposal:
    case CARD_VERBS.digestAcceptProposal:
      return ports.proposals.accept(String(data.proposalId), action.actorId);
    case CARD_VERBS.chooseAlternative:
      return ports.proposals.accept(String(data.proposalId), action.actorId, Number(data.slotIndex));
    case CARD_VERBS.snoozeProposal:
      return ports.proposals.snooze(String(data.proposalId), SNOOZE_DAYS, action.actorId);
    case CARD_VERBS.neverForPerson:
      return ports.proposals.decline(String(data.proposalId), action.actorId);
  }

  const card = await cardPressed(ports.store, action, String(data.occurrenceId));
  if (!card) return refused("CARD.NOT_A_PARTICIPANT", "this card was not sent to you");
  if (card.occurrenceId !== data.occurrenceId || card.pairKey !== data.pairKey) {
    return refused("CARD.INVALID_DATA", "the action's data does not match the card it came from");
  }
  if (action.actorId !== card.managerId && action.actorId !== card.reportId) {
    return refused("CARD.NOT_A_PARTICIPANT", "only the two people of this 1:1 can change its agenda");
  }
  const now = ports.clock.now();
  const { store } = ports;
  switch (verb) {
    case CARD_VERBS.addTalkingPoint:
      await store.saveTalkingPoint({
        id: ports.newId(),
        pairKey: card.pairKey,
        authorId: action.actorId,
        text: String(data.text),
        private: data.private === true,
        done: false,
        createdAt: now,
      });
      break;
    case CARD_VERBS.markTalkingPointDone: {
      const point = (await store.listTalkingPoints(card.pairKey)).find((p) => p.id === data.talkingPointId);
      if (!point) return refused("CARD.INVALID_DATA", "no such talking point on this 1:1");
      if (point.private && point.authorId !== action.actorId) {
        return refused("CARD.NOT_A_PARTICIPANT", "a private talking point is its author's");
      }
      await store.saveTalkingPoint({ ...point, done: true });
      break;
    }
    case CARD_VERBS.skipOccurrence:
      await store.skipOccurrence(card.occurrenceId, action.actorId, now);
      break;
    case CARD_VERBS.mutePair: {
      const preferences = await store.getPreferences(action.actorId);
      if (!preferences.mutedPairs.includes(card.pairKey)) {
        await store.savePreferences({
          ...preferences,
          mutedPairs: [...preferences.mutedPairs, card.pairKey],
        });
      }
      break;
    }
  }
  return { ok: true, value: await refreshedCard(ports, card, action.actorId) };
}

/**
 * The delivery behind the pressed card: found by its message, else the actor's own card for the occurrence named
 * in the data. A card that reached someone else (forwarded, or a forged invoke) is not theirs to act on.
 */
async function cardPressed(
  store: AgendaStores,
  action: CardAction,
  occurrenceId: string,
): Promise<DeliveryRecord | undefined> {
  const byMessage = action.replyToId
    ? await store.findByActivity(action.conversationId, action.replyToId)
    : undefined;
  return byMessage ?? (await store.getDelivery(occurrenceId, action.actorId))?.value;
}

async function refreshedCard(
  ports: HandleCardActionPorts,
  card: DeliveryRecord,
  actorId: string,
): Promise<object> {
  const own = (await ports.store.getDelivery(card.occurrenceId, actorId))?.value ?? card;
  const role: Role = actorId === card.managerId ? "manager" : "report";
  const occurrence: Occurrence = {
    id: card.occurrenceId,
    seriesMasterId: card.seriesMasterId,
    start: new Date(own.start),
    end: new Date(own.end),
    joinUrl: own.joinUrl,
    isCancelled: own.state === "cancelled",
  };
  const input = await agendaInputFor(ports.store, {
    pairKey: card.pairKey,
    managerId: card.managerId,
    managerName: card.managerName,
    reportId: card.reportId,
    reportName: card.reportName,
    rhythmDays: own.rhythmDays ?? card.rhythmDays ?? null,
    recipient: { id: actorId, role, timeZone: own.timeZone, language: own.language },
    occurrence,
  });
  return ports.buildAgendaCard(ports.composeAgenda(input), {
    occurrenceId: card.occurrenceId,
    pairKey: card.pairKey,
    recipientId: actorId,
  });
}

function refused(code: string, message: string): Keyed<object> {
  return {
    ok: false,
    error: new AppError(code, message, { status: code === "CARD.NOT_A_PARTICIPANT" ? 403 : 400 }),
  };
}
