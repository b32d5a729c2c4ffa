// The Action.Execute verbs and input ids of Cadence's cards: the card builders write them, the bot's handler reads
// them, so both import them from here and a renamed verb cannot leave a button without a handler.
export const CARD_VERBS = {
  /** Agenda card: data { pairKey, occurrenceId } + the two inputs below. */
  addTalkingPoint: "agenda.addTalkingPoint",
  /** Agenda card: data { pairKey, occurrenceId, talkingPointId }. */
  markTalkingPointDone: "agenda.markTalkingPointDone",
  /** Agenda card: data { pairKey, occurrenceId }. */
  skipOccurrence: "agenda.skipOccurrence",
  /** Agenda card: data { pairKey, occurrenceId }; no more agenda cards for this pair to whoever pressed it. */
  mutePair: "agenda.mutePair",
  /** Proposal card: data { proposalId, pairKey, slotIndex: 0 }. */
  acceptProposal: "proposal.accept",
  /** Proposal card: data { proposalId, pairKey, slotIndex: 1 | 2 }. */
  chooseAlternative: "proposal.chooseAlternative",
  /** Proposal card: data { proposalId, pairKey }; ask again later. */
  snoozeProposal: "proposal.snooze",
  /** Proposal card: data { proposalId, pairKey }; never propose a 1:1 with this report again. */
  neverForPerson: "proposal.neverForPerson",
  /** Manager digest: data { proposalId, pairKey, slotIndex: 0 }; answered with the refreshed digest. */
  digestAcceptProposal: "managerDigest.acceptProposal",
} as const;

export type CardVerb = (typeof CARD_VERBS)[keyof typeof CARD_VERBS];

/** Ids of the agenda card's inputs: Teams merges their values into the add action's data under these names. */
export const AGENDA_INPUTS = {
  text: "talkingPointText",
  private: "talkingPointPrivate",
} as const;

/** A talking point longer than this is refused by the input and by the handler's schema. */
export const TALKING_POINT_MAX_CHARS = 500;
