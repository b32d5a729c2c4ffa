import { describe, expect, it } from "vitest";
import { CARD_VERBS } from "../../../shared/domain/agenda/cardVerbs.js";
import { buildManagerDigestCard } from "../../../shared/teams/buildManagerDigestCard.js";
import { CARD_MAX_BYTES, cardBytes } from "../../../shared/teams/cardBytes.js";
import { parseCardAction } from "../../../shared/teams/parseCardAction.js";
import { adaptiveCardValidator } from "./adaptiveCardSchema.js";

const validate = adaptiveCardValidator();

function executeActions(card: object): Array<{ verb: string; title: string; data: object }> {
  const text = JSON.stringify(card);
  return [...text.matchAll(/\{"type":"Action\.Execute"[^{}]*"data":\{[^{}]*\}\}/g)].map((m) =>
    JSON.parse(m[0]),
  );
}

describe("buildManagerDigestCard", () => {
  it("lists who is due, lapsed or has a proposal, with one click to accept a proposal", () => {
    const card = buildManagerDigestCard({
      managerName: "Giulia Romano",
      weekOf: "2026-12-07",
      members: [
        {
          name: "Kenji Sato",
          status: "lapsed",
          detail: "Last 1:1 41 days ago.",
          proposal: { proposalId: "p1", pairKey: "m|k", slotText: "Tue 8 Dec, 09:00" },
        },
        { name: "Ana García", status: "due", detail: "Last 1:1 15 days ago." },
        {
          name: "Lukas Becker",
          status: "proposalOpen",
          detail: "Proposed on 2026-12-01.",
          proposal: { proposalId: "p2", pairKey: "m|l", slotText: "Thu 10 Dec, 14:00" },
        },
      ],
    });
    expect(validate(card)).toEqual([]);
    const text = JSON.stringify(card);
    for (const s of [
      "Kenji Sato",
      "Lapsed",
      "Ana García",
      "Due",
      "Lukas Becker",
      "Proposal waiting",
      "Week of 2026-12-07",
    ])
      expect(text).toContain(s);
    const actions = executeActions(card);
    expect(actions.map((a) => [a.verb, a.title, a.data])).toEqual([
      [
        CARD_VERBS.digestAcceptProposal,
        "Accept Tue 8 Dec, 09:00",
        { proposalId: "p1", pairKey: "m|k", slotIndex: 0 },
      ],
      [
        CARD_VERBS.digestAcceptProposal,
        "Accept Thu 10 Dec, 14:00",
        { proposalId: "p2", pairKey: "m|l", slotIndex: 0 },
      ],
    ]);
    for (const a of actions)
      expect(parseCardAction({ type: "Action.Execute", ...a })).toMatchObject({ ok: true });
  });

  it("speaks the manager's language", () => {
    const card = buildManagerDigestCard({
      managerName: "Giulia Romano",
      language: "de-AT",
      weekOf: "2026-12-07",
      members: [
        {
          name: "Kenji Sato",
          status: "missing",
          detail: "x",
          proposal: { proposalId: "p", pairKey: "k", slotText: "Di., 8. Dez., 09:00" },
        },
      ],
    });
    const text = JSON.stringify(card);
    for (const s of [
      "Die 1:1s deines Teams",
      "Woche vom 2026-12-07",
      "Noch kein 1:1",
      "Di., 8. Dez., 09:00 annehmen",
    ])
      expect(text).toContain(s);
  });

  it("says so when nobody needs a 1:1", () => {
    const card = buildManagerDigestCard({ managerName: "Giulia Romano", weekOf: "2026-12-07", members: [] });
    expect(validate(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain("Nothing to do this week.");
  });

  it("stays within 28 KB for a very large team, counting the people left out", () => {
    const members = Array.from({ length: 300 }, (_, i) => ({
      name: `Bartholomew Ignatius Featherstonehaugh-Cholmondeley the ${i}th of his name`,
      status: "lapsed" as const,
      detail: `Last 1:1 ${i} days ago; ${"nothing booked, ".repeat(10)}`,
      proposal: { proposalId: `p${i}`, pairKey: `m|r${i}`, slotText: "Tue 8 Dec, 09:00" },
    }));
    const card = buildManagerDigestCard({ managerName: "Giulia Romano", weekOf: "2026-12-07", members });
    expect(validate(card)).toEqual([]);
    expect(cardBytes(card)).toBeLessThanOrEqual(CARD_MAX_BYTES);
    const shown = executeActions(card).length;
    expect(shown).toBeGreaterThan(0);
    expect(JSON.stringify(card)).toContain(`…and ${300 - shown} more`);
  });
});
