// An incoming `adaptiveCard/action` invoke's `value.action`, checked verb by verb: the handler either gets a known
// verb with valid data or a coded refusal it turns into an error card, never an exception.
import { z } from "zod";
import { CARD_ACTION_DATA, type CardActionData } from "../domain/agenda/cardActionData.js";
import { CARD_VERBS, type CardVerb } from "../domain/agenda/cardVerbs.js";

export type ParsedCardAction =
  | { [V in CardVerb]: { ok: true; verb: V; data: CardActionData[V] } }[CardVerb]
  | { ok: false; code: "CARD.UNKNOWN_ACTION" | "CARD.BAD_DATA"; message: string };

const VERBS = new Set<string>(Object.values(CARD_VERBS));
const actionShape = z.object({
  type: z.literal("Action.Execute"),
  verb: z.string(),
  data: z.unknown().optional(),
});

export function parseCardAction(action: unknown): ParsedCardAction {
  const shape = actionShape.safeParse(action);
  if (!shape.success) return { ok: false, code: "CARD.BAD_DATA", message: "Not an Action.Execute action." };
  const { verb, data } = shape.data;
  if (!VERBS.has(verb))
    return { ok: false, code: "CARD.UNKNOWN_ACTION", message: `Unknown card action "${verb}".` };
  const parsed = CARD_ACTION_DATA[verb as CardVerb].safeParse(data ?? {});
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join(".") || "data"))].join(", ");
    return { ok: false, code: "CARD.BAD_DATA", message: `Card action "${verb}" has invalid ${fields}.` };
  }
  return { ok: true, verb, data: parsed.data } as ParsedCardAction;
}
