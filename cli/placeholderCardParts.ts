// LEAD: stand-ins for the agenda work's composeAgenda (shared/domain/agenda/composeAgenda.ts) and buildAgendaCard
// (shared/teams/) so `cadence cards` runs before that branch is merged. After the merge, `cardsCommand` should use
// the real pair and this file be deleted. They make a plain, valid Adaptive Card 1.5 with no questions or guidance.
import type { AgendaInput, AgendaView } from "../shared/domain/agenda/agendaTypes.js";
import type { AgendaCardParts } from "../shared/usecases/agendaCardParts.js";

export const placeholderCardParts: AgendaCardParts = {
  composeAgenda(input: AgendaInput): AgendaView {
    return {
      language: "en",
      role: input.recipient.role,
      title: `1:1 ${input.pair.managerName} · ${input.pair.reportName}`,
      when: `${input.occurrence.start.toISOString()} – ${input.occurrence.end.toISOString()}`,
      cadenceLine: "",
      talkingPoints: input.talkingPoints
        .filter((p) => !p.done)
        .map((p) => ({
          id: p.id,
          text: p.text,
          private: p.private,
          mine: p.authorId === input.recipient.id,
        })),
      questions: [],
      guidance: [],
      personalNote: "",
      joinUrl: input.occurrence.joinUrl,
      cancelled: input.occurrence.isCancelled,
    };
  },
  buildAgendaCard(view) {
    return {
      type: "AdaptiveCard",
      $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
      version: "1.5",
      body: [
        { type: "TextBlock", text: view.title, weight: "Bolder", size: "Medium", wrap: true },
        { type: "TextBlock", text: view.cancelled ? `Cancelled: ${view.when}` : view.when, wrap: true },
        ...view.talkingPoints.map((p) => ({ type: "TextBlock", text: `• ${p.text}`, wrap: true })),
      ],
      actions: view.joinUrl ? [{ type: "Action.OpenUrl", title: "Join", url: view.joinUrl }] : [],
    };
  },
};
