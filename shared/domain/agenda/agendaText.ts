// The cards' words in each language (agenda, proposal, manager digest, error): one JSON file per language under
// i18n/, English the reference and the fallback.
import type { Language } from "./agendaTypes.js";
import de from "./i18n/de.json" with { type: "json" };
import en from "./i18n/en.json" with { type: "json" };
import es from "./i18n/es.json" with { type: "json" };
import fr from "./i18n/fr.json" with { type: "json" };
import it from "./i18n/it.json" with { type: "json" };
import ja from "./i18n/ja.json" with { type: "json" };

export type AgendaTextKey = keyof typeof en;

const TABLES: Record<Language, Record<AgendaTextKey, string>> = { en, it, de, fr, es, ja };

/** A lookup for one language; `{name}`-style placeholders are filled from `values`. */
export function agendaText(
  language: Language,
): (key: AgendaTextKey, values?: Record<string, string | number>) => string {
  const table = TABLES[language];
  return (key, values = {}) =>
    (table[key] ?? en[key]).replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in values ? String(values[name]) : whole,
    );
}
