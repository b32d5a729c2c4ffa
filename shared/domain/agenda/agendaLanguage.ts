import type { Language } from "./agendaTypes.js";

const LANGUAGES: readonly Language[] = ["en", "it", "de", "fr", "es", "ja"];

/** The card language for a mailbox language tag (`mailboxSettings.language.locale`, e.g. "it-IT"); English otherwise. */
export function agendaLanguage(tag: string | null | undefined): Language {
  const primary = (tag ?? "").trim().toLowerCase().split(/[-_]/)[0];
  return LANGUAGES.find((l) => l === primary) ?? "en";
}
