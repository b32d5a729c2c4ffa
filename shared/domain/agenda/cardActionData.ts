// What each Action.Execute verb's data must hold when it comes back from Teams. The data is whatever the client
// sent, so the handler parses it with these schemas before it trusts an id; unknown keys are dropped because
// Teams merges input values into the data.
import { z } from "zod";
import { AGENDA_INPUTS, CARD_VERBS, type CardVerb, TALKING_POINT_MAX_CHARS } from "./cardVerbs.js";

const id = z.string().trim().min(1).max(512);

const agendaAction = z.object({ pairKey: id, occurrenceId: id });
const proposalAction = z.object({ proposalId: id, pairKey: id });

/** Input.Toggle sends its valueOn/valueOff strings; a missing toggle means it was never touched: not private. */
const toggle = z
  .union([z.enum(["true", "false"]), z.boolean()])
  .optional()
  .transform((v) => v === true || v === "true");

export const CARD_ACTION_DATA = {
  [CARD_VERBS.addTalkingPoint]: agendaAction
    .extend({
      [AGENDA_INPUTS.text]: z.string().trim().min(1).max(TALKING_POINT_MAX_CHARS),
      [AGENDA_INPUTS.private]: toggle,
    })
    .transform((d) => ({
      pairKey: d.pairKey,
      occurrenceId: d.occurrenceId,
      text: d[AGENDA_INPUTS.text],
      private: d[AGENDA_INPUTS.private],
    })),
  [CARD_VERBS.markTalkingPointDone]: agendaAction.extend({ talkingPointId: id }),
  [CARD_VERBS.skipOccurrence]: agendaAction,
  [CARD_VERBS.mutePair]: agendaAction,
  [CARD_VERBS.acceptProposal]: proposalAction.extend({ slotIndex: z.literal(0) }),
  [CARD_VERBS.chooseAlternative]: proposalAction.extend({ slotIndex: z.union([z.literal(1), z.literal(2)]) }),
  [CARD_VERBS.snoozeProposal]: proposalAction,
  [CARD_VERBS.neverForPerson]: proposalAction,
  [CARD_VERBS.digestAcceptProposal]: proposalAction.extend({ slotIndex: z.literal(0) }),
} as const satisfies Record<CardVerb, z.ZodType>;

export type CardActionData = { [V in CardVerb]: z.output<(typeof CARD_ACTION_DATA)[V]> };
