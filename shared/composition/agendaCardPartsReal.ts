// The real agenda composer and card builder, as sendAgendas, the card handler and `cadence cards` receive them.
import { composeAgenda } from "../domain/agenda/composeAgenda.js";
import { buildAgendaCard } from "../teams/buildAgendaCard.js";
import type { AgendaCardParts } from "../usecases/agendaCardParts.js";

export const agendaCardPartsReal: AgendaCardParts = {
  composeAgenda,
  buildAgendaCard: (view, context) =>
    buildAgendaCard(view, { pairKey: context.pairKey, occurrenceId: context.occurrenceId }),
};
