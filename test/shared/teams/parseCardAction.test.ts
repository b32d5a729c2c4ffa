import { describe, expect, it } from "vitest";
import { CARD_ACTION_DATA } from "../../../shared/domain/agenda/cardActionData.js";
import { AGENDA_INPUTS, CARD_VERBS } from "../../../shared/domain/agenda/cardVerbs.js";
import { parseCardAction } from "../../../shared/teams/parseCardAction.js";

const agenda = { pairKey: "m-1|r-1", occurrenceId: "occ-1" };
const proposal = { proposalId: "prop-1", pairKey: "m-1|r-1" };

describe("CARD_ACTION_DATA", () => {
  it("has a schema for every verb", () => {
    expect(Object.keys(CARD_ACTION_DATA).sort()).toEqual(Object.values(CARD_VERBS).sort());
  });

  it("reads an added talking point and its private toggle, dropping input values it does not know", () => {
    const schema = CARD_ACTION_DATA[CARD_VERBS.addTalkingPoint];
    expect(
      schema.safeParse({
        ...agenda,
        [AGENDA_INPUTS.text]: "  Budget  ",
        [AGENDA_INPUTS.private]: "true",
        x: 1,
      }).data,
    ).toEqual({ ...agenda, text: "Budget", private: true });
    expect(
      schema.safeParse({ ...agenda, [AGENDA_INPUTS.text]: "Budget", [AGENDA_INPUTS.private]: "false" }).data,
    ).toMatchObject({ private: false });
    expect(schema.safeParse({ ...agenda, [AGENDA_INPUTS.text]: "Budget" }).data).toMatchObject({
      private: false,
    });
    expect(schema.safeParse({ ...agenda, [AGENDA_INPUTS.text]: "   " }).success).toBe(false);
    expect(schema.safeParse({ ...agenda, [AGENDA_INPUTS.text]: "x".repeat(501) }).success).toBe(false);
    expect(
      schema.safeParse({ ...agenda, [AGENDA_INPUTS.text]: "ok", [AGENDA_INPUTS.private]: "yes" }).success,
    ).toBe(false);
  });

  it.each([
    [CARD_VERBS.markTalkingPointDone, { ...agenda, talkingPointId: "tp-1" }, agenda],
    [CARD_VERBS.skipOccurrence, agenda, { pairKey: "m-1|r-1" }],
    [CARD_VERBS.mutePair, agenda, { occurrenceId: "occ-1" }],
    [CARD_VERBS.acceptProposal, { ...proposal, slotIndex: 0 }, { ...proposal, slotIndex: 1 }],
    [CARD_VERBS.chooseAlternative, { ...proposal, slotIndex: 2 }, { ...proposal, slotIndex: 3 }],
    [CARD_VERBS.snoozeProposal, proposal, { proposalId: "", pairKey: "m-1|r-1" }],
    [CARD_VERBS.neverForPerson, proposal, { proposalId: 7, pairKey: "m-1|r-1" }],
    [CARD_VERBS.digestAcceptProposal, { ...proposal, slotIndex: 0 }, proposal],
  ])("%s accepts its data and refuses a broken one", (verb, good, bad) => {
    expect(CARD_ACTION_DATA[verb].safeParse(good).success).toBe(true);
    expect(CARD_ACTION_DATA[verb].safeParse(bad).success).toBe(false);
  });
});

describe("parseCardAction", () => {
  it("gives the verb and its parsed data", () => {
    expect(
      parseCardAction({
        type: "Action.Execute",
        verb: CARD_VERBS.markTalkingPointDone,
        data: { ...agenda, talkingPointId: "t" },
      }),
    ).toEqual({ ok: true, verb: CARD_VERBS.markTalkingPointDone, data: { ...agenda, talkingPointId: "t" } });
  });

  it("refuses unknown verbs, other action types and malformed data with a code, never throwing", () => {
    expect(parseCardAction({ type: "Action.Execute", verb: "agenda.dance", data: agenda })).toMatchObject({
      ok: false,
      code: "CARD.UNKNOWN_ACTION",
    });
    expect(parseCardAction({ type: "Action.Submit", data: agenda })).toMatchObject({
      ok: false,
      code: "CARD.BAD_DATA",
    });
    expect(parseCardAction(null)).toMatchObject({ ok: false, code: "CARD.BAD_DATA" });
    expect(parseCardAction({ type: "Action.Execute", verb: CARD_VERBS.mutePair })).toMatchObject({
      ok: false,
      code: "CARD.BAD_DATA",
      message: expect.stringContaining("pairKey"),
    });
    expect(
      parseCardAction({ type: "Action.Execute", verb: CARD_VERBS.mutePair, data: "oops" }),
    ).toMatchObject({
      ok: false,
      code: "CARD.BAD_DATA",
    });
  });
});
