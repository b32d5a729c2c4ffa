import { describe, expect, it } from "vitest";
import { buildErrorCard } from "../../../shared/teams/buildErrorCard.js";
import { adaptiveCardValidator } from "./adaptiveCardSchema.js";

const validate = adaptiveCardValidator();

describe("buildErrorCard", () => {
  it("says what went wrong with its code, the message as plain text, and offers no action", () => {
    const card = buildErrorCard({
      code: "CARD.NOT_IN_PAIR",
      message: "Only the two people of this 1:1 can change it. [x](y)",
    });
    expect(validate(card)).toEqual([]);
    const text = JSON.stringify(card);
    expect(text).toContain('"text":"That did not work"');
    expect(text).toContain(
      '{"type":"TextRun","text":"Only the two people of this 1:1 can change it. [x](y)"}',
    );
    expect(text).toContain("CARD.NOT_IN_PAIR");
    expect(text).not.toContain("Action.");
  });

  it("titles itself in the user's language", () => {
    expect(JSON.stringify(buildErrorCard({ code: "X", message: "m", language: "fr-FR" }))).toContain(
      '"text":"Cela n\'a pas fonctionné"',
    );
  });

  it("cuts a very long message", () => {
    const card = buildErrorCard({ code: "X", title: "Refused", message: "é".repeat(5000) });
    expect(validate(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain(`${"é".repeat(499)}…`);
    expect(JSON.stringify(card)).toContain('"text":"Refused"');
  });
});
