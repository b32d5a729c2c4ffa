import { describe, expect, it } from "vitest";
import { AGENDA_INPUTS, CARD_VERBS } from "../../../shared/domain/agenda/cardVerbs.js";
import { composeAgenda } from "../../../shared/domain/agenda/composeAgenda.js";
import { buildAgendaCard } from "../../../shared/teams/buildAgendaCard.js";
import { CARD_MAX_BYTES, cardBytes } from "../../../shared/teams/cardBytes.js";
import { parseCardAction } from "../../../shared/teams/parseCardAction.js";
import { agendaInput, MANAGER, talkingPoint } from "../domain/agenda/agendaFixtures.js";
import { adaptiveCardValidator } from "./adaptiveCardSchema.js";

const validate = adaptiveCardValidator();
const IDS = { pairKey: "m-1|r-1", occurrenceId: "occ-1" };

/** Every Action.Execute and Action.OpenUrl in the card, wherever it sits. */
function actionsOf(
  card: object,
): Array<{ type: string; title: string; verb?: string; data?: object; url?: string }> {
  const found: Array<{ type: string; title: string }> = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      const type = (node as { type?: unknown }).type;
      if (type === "Action.Execute" || type === "Action.OpenUrl")
        found.push(node as { type: string; title: string });
      Object.values(node).forEach(walk);
    }
  };
  walk(card);
  return found;
}

describe("buildAgendaCard", () => {
  const input = agendaInput({
    talkingPoints: [
      talkingPoint({ id: "tp-1", text: "Shared point" }),
      talkingPoint({ id: "tp-2", authorId: MANAGER, text: "My private point", private: true }),
    ],
  });
  const card = buildAgendaCard(composeAgenda(input), IDS);

  it("offers add (with its text input and private toggle), done per point, skip, mute and join", () => {
    const actions = actionsOf(card);
    expect(actions.map((a) => a.verb ?? a.type)).toEqual([
      CARD_VERBS.markTalkingPointDone,
      CARD_VERBS.markTalkingPointDone,
      CARD_VERBS.addTalkingPoint,
      "Action.OpenUrl",
      CARD_VERBS.skipOccurrence,
      CARD_VERBS.mutePair,
    ]);
    expect(actions.find((a) => a.type === "Action.OpenUrl")?.url).toBe(input.occurrence.joinUrl);
    const text = JSON.stringify(card);
    expect(text).toContain(`"type":"Input.Text","id":"${AGENDA_INPUTS.text}"`);
    expect(text).toContain(`"type":"Input.Toggle","id":"${AGENDA_INPUTS.private}"`);
    expect(text).toContain("My private point");
    expect(text).toContain(" · private");
  });

  it("puts in each action's data what the handler's schema needs", () => {
    for (const a of actionsOf(card).filter((x) => x.type === "Action.Execute")) {
      const data =
        a.verb === CARD_VERBS.addTalkingPoint
          ? { ...a.data, [AGENDA_INPUTS.text]: "typed", [AGENDA_INPUTS.private]: "true" }
          : a.data;
      const parsed = parseCardAction({ type: "Action.Execute", verb: a.verb, data });
      expect(parsed, a.verb).toMatchObject({ ok: true, verb: a.verb });
    }
    const done = actionsOf(card).filter((a) => a.verb === CARD_VERBS.markTalkingPointDone);
    expect(done.map((a) => a.data)).toEqual([
      { ...IDS, talkingPointId: "tp-1" },
      { ...IDS, talkingPointId: "tp-2" },
    ]);
  });

  it("has no join button without a join URL, and says when the 1:1 was cancelled", () => {
    const noJoin = buildAgendaCard(
      composeAgenda({ ...input, occurrence: { ...input.occurrence, joinUrl: null } }),
      IDS,
    );
    expect(actionsOf(noJoin).map((a) => a.type)).not.toContain("Action.OpenUrl");
    const cancelled = buildAgendaCard(
      composeAgenda({ ...input, occurrence: { ...input.occurrence, isCancelled: true } }),
      IDS,
    );
    expect(validate(cancelled)).toEqual([]);
    expect(JSON.stringify(cancelled)).toContain("This 1:1 was cancelled.");
    expect(actionsOf(cancelled).map((a) => a.verb ?? a.type)).not.toContain(CARD_VERBS.skipOccurrence);
    expect(actionsOf(cancelled).map((a) => a.type)).not.toContain("Action.OpenUrl");
  });

  it("keeps user text as text: no template expansion, no markdown", () => {
    // A template expression in user text must reach the card verbatim.
    const injected = ["$", "{title} [click](https://evil.test)"].join("");
    const view = composeAgenda(
      agendaInput({
        talkingPoints: [talkingPoint({ id: "t", text: injected })],
      }),
    );
    const built = buildAgendaCard(view, IDS);
    expect(JSON.stringify(built)).toContain(`{"type":"TextRun","text":"${injected}"}`);
  });

  it("stays within 28 KB with many long talking points, counting the ones left out", () => {
    const many = Array.from({ length: 200 }, (_, i) =>
      talkingPoint({
        id: `tp-${i}`,
        text: `${"Ünïcödé talking point ".repeat(30)}${i}`,
        createdAt: new Date(i * 1000),
      }),
    );
    const built = buildAgendaCard(composeAgenda(agendaInput({ talkingPoints: many })), IDS);
    expect(validate(built)).toEqual([]);
    expect(cardBytes(built)).toBeLessThanOrEqual(CARD_MAX_BYTES);
    const shown = actionsOf(built).filter((a) => a.verb === CARD_VERBS.markTalkingPointDone).length;
    expect(shown).toBeGreaterThan(0);
    expect(JSON.stringify(built)).toContain(`…and ${200 - shown} more`);
  });
});
