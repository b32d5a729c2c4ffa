// What the bot endpoint hands a pressed Action.Execute button to, and what it answers Teams with.

export interface CardActionInput {
  /** The Entra object id of the person who pressed the button (`from.aadObjectId`). */
  actorId: string;
  verb: string;
  /** The action's `data`, merged with the card's inputs by Teams; unvalidated here. */
  data: unknown;
  conversationId: string;
  /** The activity (card) the button is on. */
  replyToId: string | undefined;
}

/** A refreshed card to replace the pressed one, or an error Teams shows instead. */
export type CardActionResult =
  | { card: object }
  /** `status`: 403 for someone outside the pair, 400 (the default) for bad data or an unknown verb. */
  | { error: { code: string; message: string; status?: number } };

export type HandleCardAction = (input: CardActionInput) => Promise<CardActionResult>;
