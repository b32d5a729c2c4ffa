import type { Settings } from "../config.js";
import { errorCard } from "../teams/errorCard.js";
import type { HandleCardAction } from "../usecases/ports/cardActions.js";

/**
 * The card-action use case the bot endpoint runs. Until the agenda actions are wired here, every verb is unknown
 * and answered with an error card, so the endpoint works end to end.
 */
export function cardActionsFromSettings(_settings: Settings): HandleCardAction {
  return async (input) => ({
    card: errorCard(`This action (“${input.verb}”) is not available any more.`),
  });
}
