import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { agendaLanguage } from "../../../../shared/domain/agenda/agendaLanguage.js";
import { agendaText } from "../../../../shared/domain/agenda/agendaText.js";
import { QUESTION_BANK } from "../../../../shared/domain/agenda/questionBank.js";

const DIR = "shared/domain/agenda/i18n";
const read = (file: string) => JSON.parse(readFileSync(`${DIR}/${file}`, "utf8")) as Record<string, string>;
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("the agenda translations", () => {
  const en = read("en.json");

  it("exist for en, it, de, fr, es and ja, one file each", () => {
    expect(readdirSync(DIR).sort()).toEqual([
      "de.json",
      "en.json",
      "es.json",
      "fr.json",
      "it.json",
      "ja.json",
    ]);
  });

  it.each(["it", "de", "fr", "es", "ja"])(
    "%s has exactly the keys of en, with the same placeholders",
    (lang) => {
      const table = read(`${lang}.json`);
      expect(Object.keys(table).sort()).toEqual(Object.keys(en).sort());
      for (const [key, text] of Object.entries(table)) {
        expect(text.trim(), `${lang} ${key}`).not.toBe("");
        expect(placeholders(text), `${lang} ${key}`).toEqual(placeholders(en[key]!));
      }
    },
  );

  it("has a text for every question of the bank", () => {
    for (const id of QUESTION_BANK) expect(en[`question.${id}`], id).toBeTruthy();
  });

  it("fills placeholders and leaves unknown ones visible", () => {
    expect(agendaText("it")("title", { name: "Kenji" })).toBe("1:1 con Kenji");
    expect(agendaText("en")("title")).toBe("1:1 with {name}");
  });
});

describe("agendaLanguage", () => {
  it.each([
    ["it-IT", "it"],
    ["de-CH", "de"],
    ["fr_CA", "fr"],
    ["es-MX", "es"],
    ["ja-JP", "ja"],
    ["en-GB", "en"],
    ["pt-BR", "en"],
    ["", "en"],
    [null, "en"],
  ])("%s → %s", (tag, language) => {
    expect(agendaLanguage(tag)).toBe(language);
  });
});
