// Everything composing one recipient's agenda needs, gathered from the stores: what both sendAgendas and the card
// action handler (refreshing the card after an action) hand the composer.
import type { AgendaInput, Occurrence, Role } from "../domain/agenda/agendaTypes.js";
import type { DeliveryStore, QuestionHistoryStore, TalkingPointStore } from "./ports/agendaStores.js";

/** The pair's meetings the "no repeat" rule looks back over (issue 10: none repeated within the last four). */
export const QUESTION_MEMORY = 4;
const HISTORY_LIMIT = 1000;

export interface AgendaSubject {
  pairKey: string;
  managerId: string;
  managerName: string;
  reportId: string;
  reportName: string;
  rhythmDays: number | null;
  /** The scan's latest held 1:1 (ISO-8601), when known: the pair has met at least once even without a card. */
  lastHeld?: string | null | undefined;
  recipient: { id: string; role: Role; timeZone: string; language: string };
  occurrence: Occurrence;
}

export async function agendaInputFor(
  store: TalkingPointStore & QuestionHistoryStore & Pick<DeliveryStore, "getDelivery">,
  subject: AgendaSubject,
): Promise<AgendaInput> {
  const { occurrence, recipient } = subject;
  const points = await store.listTalkingPoints(subject.pairKey);
  // The composer hides others' private points too; filtering here as well keeps them off a card whatever it does.
  const visible = points.filter((p) => !p.private || p.authorId === recipient.id);
  // One entry per meeting: a meeting that moved between its two cards may be recorded under both starts.
  const seen = new Set([occurrence.id]);
  // Up to and including this occurrence's own start: a card refreshed after an action keeps its questions.
  const history = await store.recentAsked(
    subject.pairKey,
    new Date(occurrence.start.getTime() + 1),
    HISTORY_LIMIT,
  );
  const askedHere = history.find((a) => a.occurrenceId === occurrence.id)?.questionIds;
  const earlier = history.filter((a) => !seen.has(a.occurrenceId) && seen.add(a.occurrenceId));
  const recent = earlier.slice(0, QUESTION_MEMORY);
  // Of the last four meetings Cadence prepared, the ones whose card was not turned into "cancelled" were held as
  // far as the calendar says. All meetings prepared and not cancelled, or at least one when the scan saw one held:
  // a lower bound on the 1:1s held (meetings before Cadence have no record).
  const cancelled = new Set<string>();
  for (const a of earlier) {
    const card = await store.getDelivery(a.occurrenceId, recipient.id);
    if (card?.value.state === "cancelled") cancelled.add(a.occurrenceId);
  }
  const prepared = earlier.filter((a) => !cancelled.has(a.occurrenceId)).length;
  const held = Math.max(prepared, subject.lastHeld ? 1 : 0);
  const lastFour = recent.length;
  const heldOfLastFour = recent.filter((a) => !cancelled.has(a.occurrenceId)).length;
  return {
    pair: {
      key: subject.pairKey,
      managerId: subject.managerId,
      managerName: subject.managerName,
      reportId: subject.reportId,
      reportName: subject.reportName,
    },
    recipient,
    occurrence,
    talkingPoints: visible,
    askedHere,
    recentQuestions: recent.map((a) => a.questionIds),
    heldCount: held,
    cadence: { heldOfLast: { held: heldOfLastFour, of: lastFour }, rhythmDays: subject.rhythmDays },
    seed: seedOf(occurrence.id),
  };
}

/** FNV-1a of the occurrence id: both people of a meeting get the same questions, and a re-run the same card. */
function seedOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
