// The agenda helper's pieces card delivery calls, typed from agendaTypes: composeAgenda (shared/domain/agenda) and the
// card builder (shared/teams). Injected, so the use cases are tested with small fakes and wired to the real ones
// where the ports are composed.
import type { AgendaInput, AgendaView } from "../domain/agenda/agendaTypes.js";

/** What an agenda card's Action.Execute buttons carry back, so the handler knows which card was pressed. */
export interface AgendaCardContext {
  occurrenceId: string;
  pairKey: string;
  recipientId: string;
}

export interface AgendaCardParts {
  composeAgenda(input: AgendaInput): AgendaView;
  buildAgendaCard(view: AgendaView, context: AgendaCardContext): object;
}
