// Every card (samples and built ones, the agenda in all six languages) is a valid Adaptive Card 1.5 within 28 KB.
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CARD_MAX_BYTES, cardBytes } from "../../../shared/teams/cardBytes.js";
import { adaptiveCardValidator } from "./adaptiveCardSchema.js";
import { cardGallery } from "./cardGallery.js";

const validate = adaptiveCardValidator();
const gallery = cardGallery();

describe("Cadence's cards", () => {
  it("have a sample beside every template", () => {
    const files = readdirSync("cards").filter((f) => f.endsWith(".json"));
    for (const template of files.filter((f) => !f.endsWith(".sample.json"))) {
      expect(files, template).toContain(template.replace(/\.json$/, ".sample.json"));
    }
  });

  it.each(gallery.map((g) => [g.name, g] as const))(
    "%s validates against Adaptive Card 1.5 within 28 KB",
    (_, g) => {
      expect(validate(g.card)).toEqual([]);
      expect(g.card).toMatchObject({ type: "AdaptiveCard", version: "1.5" });
      const text = JSON.stringify(g.card);
      expect(text).not.toContain("${");
      expect(cardBytes(g.card)).toBeLessThanOrEqual(CARD_MAX_BYTES);
      for (const t of g.texts) expect(text, t).toContain(JSON.stringify(t).slice(1, -1));
    },
  );
});
