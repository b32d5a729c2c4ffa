// The Action.Execute verbs and their data, as the card handler validates them. Stand-in until the agenda work's
// shared/domain/agenda/cardVerbs.ts lands: handleCardAction imports only from here, so switching is this one file.
import { z } from "zod";

export const CARD_VERBS = {
  addTalkingPoint: "agenda.addTalkingPoint",
  markDone: "agenda.markDone",
  skipOccurrence: "agenda.skipOccurrence",
  mutePair: "agenda.mutePair",
  acceptProposal: "proposal.accept",
  chooseAlternative: "proposal.chooseAlternative",
  snoozeProposal: "proposal.snooze",
  neverPropose: "proposal.never",
} as const;

export type CardVerb = (typeof CARD_VERBS)[keyof typeof CARD_VERBS];

/** Input.Toggle submits "true"/"false" strings; a card built by hand may send a boolean. */
const toggle = z
  .union([z.boolean(), z.enum(["true", "false"])])
  .default(false)
  .transform((v) => v === true || v === "true");
const agendaCard = z.object({ occurrenceId: z.string().min(1), pairKey: z.string().min(1) });
const proposalCard = z.object({ proposalId: z.string().min(1) });

export const cardActionDataSchemas = {
  [CARD_VERBS.addTalkingPoint]: agendaCard.extend({
    text: z.string().trim().min(1, "a talking point needs text").max(500),
    private: toggle,
  }),
  [CARD_VERBS.markDone]: agendaCard.extend({ talkingPointId: z.string().min(1) }),
  [CARD_VERBS.skipOccurrence]: agendaCard,
  [CARD_VERBS.mutePair]: agendaCard,
  [CARD_VERBS.acceptProposal]: proposalCard,
  [CARD_VERBS.chooseAlternative]: proposalCard.extend({ alternative: z.string().min(1) }),
  [CARD_VERBS.snoozeProposal]: proposalCard.extend({
    days: z.coerce.number().int().min(1).max(90).default(14),
  }),
  [CARD_VERBS.neverPropose]: proposalCard,
} satisfies Record<CardVerb, z.ZodType>;
