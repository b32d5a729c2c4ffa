// What the bot answers a card action it refuses or cannot carry out: a small card saying why, with the code the
// logs carry, instead of an invoke error the user sees as "Something went wrong".
import template from "../../cards/error.json" with { type: "json" };
import { agendaLanguage } from "../domain/agenda/agendaLanguage.js";
import { agendaText } from "../domain/agenda/agendaText.js";
import { expandCardTemplate } from "./expandCardTemplate.js";

export interface ErrorCardInput {
  /** e.g. CARD.UNKNOWN_ACTION, CARD.NOT_IN_PAIR. */
  code: string;
  message: string;
  title?: string;
  /** The user's language tag, for the default title. */
  language?: string | undefined;
}

const MESSAGE_CHARS = 500;

export function buildErrorCard(input: ErrorCardInput): object {
  const chars = [...input.message];
  return expandCardTemplate(template, {
    title: input.title ?? agendaText(agendaLanguage(input.language))("error.title"),
    message: chars.length <= MESSAGE_CHARS ? input.message : `${chars.slice(0, MESSAGE_CHARS - 1).join("")}…`,
    code: input.code,
  });
}
