// The agenda card: a composed AgendaView → cards/agenda.json. Talking points are user text, so they go out as
// TextRuns (never parsed as markdown) and are cut and counted so the card stays within CARD_MAX_BYTES.
import template from "../../cards/agenda.json" with { type: "json" };
import { agendaText } from "../domain/agenda/agendaText.js";
import type { AgendaView } from "../domain/agenda/agendaTypes.js";
import { AGENDA_INPUTS, CARD_VERBS, TALKING_POINT_MAX_CHARS } from "../domain/agenda/cardVerbs.js";
import { CARD_MAX_BYTES, cardBytes } from "./cardBytes.js";
import { expandCardTemplate } from "./expandCardTemplate.js";

export interface AgendaCardIds {
  pairKey: string;
  occurrenceId: string;
}

/** More points than this make a card no one reads; the rest are counted. */
const MAX_POINTS_SHOWN = 25;

export function buildAgendaCard(view: AgendaView, ids: AgendaCardIds): object {
  let shown = Math.min(MAX_POINTS_SHOWN, view.talkingPoints.length);
  for (;;) {
    const card = expandCardTemplate(template, agendaCardModel(view, ids, shown));
    if (cardBytes(card) <= CARD_MAX_BYTES || shown === 0) return card;
    shown = Math.floor(shown / 2);
  }
}

function agendaCardModel(view: AgendaView, ids: AgendaCardIds, shown: number) {
  const t = agendaText(view.language);
  const action = { pairKey: ids.pairKey, occurrenceId: ids.occurrenceId };
  const more = view.talkingPoints.length - shown;
  return {
    title: view.title,
    when: view.when,
    cadenceLine: view.cadenceLine,
    cancelled: view.cancelled,
    cancelledText: t("cancelled"),
    labels: {
      talkingPoints: t("card.talkingPoints"),
      noTalkingPoints: t("card.noTalkingPoints"),
      questions: t("card.questions"),
      guidance: t("card.guidance"),
      addPlaceholder: t("card.addPlaceholder"),
      addPrivate: t("card.addPrivate"),
      add: t("card.add"),
      done: t("card.done"),
      join: t("card.join"),
      skip: t("card.skip"),
      mute: t("card.mute"),
    },
    privateMark: ` · ${t("card.private")}`,
    hasPoints: view.talkingPoints.length > 0,
    points: view.talkingPoints.slice(0, shown).map((p) => ({
      text: cut(p.text, TALKING_POINT_MAX_CHARS),
      isPrivate: p.private,
      data: { ...action, talkingPointId: p.id },
    })),
    morePoints: more > 0 ? t("card.morePoints", { n: more }) : "",
    questions: view.questions.map((q) => ({ text: q.text })),
    guidance: view.guidance.map((text) => ({ text })),
    personalNote: view.personalNote,
    joinUrl: view.cancelled ? "" : (view.joinUrl ?? ""),
    verbs: CARD_VERBS,
    inputs: AGENDA_INPUTS,
    maxChars: TALKING_POINT_MAX_CHARS,
    action,
  };
}

function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}
