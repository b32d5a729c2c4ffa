import { describe, expect, it } from "vitest";
import { CARD_VERBS } from "../../../shared/domain/agenda/cardVerbs.js";
import { buildProposalCard, type ProposalCardInput } from "../../../shared/teams/buildProposalCard.js";
import { parseCardAction } from "../../../shared/teams/parseCardAction.js";
import { adaptiveCardValidator } from "./adaptiveCardSchema.js";

const validate = adaptiveCardValidator();
const slot = (iso: string) => ({ start: new Date(iso), end: new Date(Date.parse(iso) + 30 * 60_000) });
const input: ProposalCardInput = {
  proposalId: "prop-1",
  pairKey: "m-1|r-1",
  manager: { name: "Giulia Romano", timeZone: "W. Europe Standard Time" },
  report: { name: "Kenji Sato", timeZone: "Asia/Tokyo" },
  slots: [
    slot("2026-12-08T08:00:00Z"),
    slot("2026-12-09T07:30:00Z"),
    slot("2026-12-10T09:00:00Z"),
    slot("2026-12-11T09:00:00Z"),
  ],
  reason: "No 1:1 in the last 62 days.",
};

type Action = { type: string; title: string; verb: string; data: object };

describe("buildProposalCard", () => {
  const card = buildProposalCard(input) as { actions: Action[] };

  it("offers accept, up to two alternatives, not now and never, each with data the handler accepts", () => {
    expect(validate(card)).toEqual([]);
    expect(card.actions.map((a) => [a.verb, a.title])).toEqual([
      [CARD_VERBS.acceptProposal, "Accept Tue 8 Dec, 09:00"],
      [CARD_VERBS.chooseAlternative, "Wed 9 Dec, 08:30"],
      [CARD_VERBS.chooseAlternative, "Thu 10 Dec, 10:00"],
      [CARD_VERBS.snoozeProposal, "Not now"],
      [CARD_VERBS.neverForPerson, "Never for Kenji Sato"],
    ]);
    expect(card.actions.map((a) => a.data)).toEqual([
      { proposalId: "prop-1", pairKey: "m-1|r-1", slotIndex: 0 },
      { proposalId: "prop-1", pairKey: "m-1|r-1", slotIndex: 1 },
      { proposalId: "prop-1", pairKey: "m-1|r-1", slotIndex: 2 },
      { proposalId: "prop-1", pairKey: "m-1|r-1" },
      { proposalId: "prop-1", pairKey: "m-1|r-1" },
    ]);
    for (const a of card.actions) expect(parseCardAction(a), a.verb).toMatchObject({ ok: true });
  });

  it("shows every slot in both people's zones", () => {
    const text = JSON.stringify(card);
    expect(text).toContain("Tuesday 8 December, 09:00–09:30");
    expect(text).toContain("Tuesday 8 December, 17:00–17:30");
    expect(text).toContain("You (Europe/Berlin)");
    expect(text).toContain("Kenji Sato (Asia/Tokyo)");
    expect(text).toContain("A Teams meeting of 30 minutes, every 2 weeks.");
    expect(text).toContain("No 1:1 in the last 62 days.");
    expect(text).not.toContain("11 December");
  });

  it("speaks the manager's language, with dates and times in that language", () => {
    const italian = buildProposalCard({ ...input, manager: { ...input.manager, language: "it-IT" } }) as {
      actions: Action[];
    };
    expect(validate(italian)).toEqual([]);
    const text = JSON.stringify(italian);
    expect(text).toContain("Organizza un 1:1 con Kenji Sato");
    expect(text).toContain("martedì 8 dicembre, 09:00–09:30");
    expect(text).toContain("ogni 2 settimane");
    expect(italian.actions.map((a) => a.title)).toEqual([
      "Accetta mar 8 dic, 09:00",
      "mer 9 dic, 08:30",
      "gio 10 dic, 10:00",
      "Non ora",
      "Mai per Kenji Sato",
    ]);
  });

  it("with one slot has no alternatives, and refuses to build without a slot", () => {
    const single = buildProposalCard({ ...input, slots: input.slots.slice(0, 1), reason: undefined }) as {
      actions: Action[];
    };
    expect(validate(single)).toEqual([]);
    expect(single.actions.map((a) => a.verb)).not.toContain(CARD_VERBS.chooseAlternative);
    expect(() => buildProposalCard({ ...input, slots: [] })).toThrow(RangeError);
  });
});
