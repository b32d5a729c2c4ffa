// handleCardAction with small fakes: validation, who may act, each verb's effect on the refreshed and next cards.
import { describe, expect, it } from "vitest";
import { CARD_VERBS } from "../../../shared/domain/agenda/cardVerbs.js";
import { AppError } from "../../../shared/errors.js";
import { agendaPairKey } from "../../../shared/usecases/agendaPairKey.js";
import { type HandleCardActionPorts, handleCardAction } from "../../../shared/usecases/handleCardAction.js";
import { sendAgendas } from "../../../shared/usecases/sendAgendas.js";
import { deliveryPorts, MANAGER, oneOnOne, REPORT, type SentCard } from "./agendaFakes.js";

const pairKey = agendaPairKey(MANAGER.id, REPORT.id);

async function setUp() {
  const now = { value: new Date("2026-12-01T10:00:00Z") };
  const delivery = deliveryPorts(now);
  delivery.calendar.events = [
    oneOnOne("occ-1", "2026-12-02T09:00:00Z"),
    oneOnOne("occ-2", "2026-12-09T09:00:00Z"),
  ];
  await sendAgendas(delivery.ports);
  const proposalCalls: unknown[][] = [];
  let ids = 0;
  const answer = (call: unknown[], card: object) => {
    proposalCalls.push(call);
    return { ok: true as const, value: card };
  };
  const ports: HandleCardActionPorts = {
    clock: delivery.ports.clock,
    store: delivery.store,
    composeAgenda: delivery.ports.composeAgenda,
    buildAgendaCard: delivery.ports.buildAgendaCard,
    newId: () => `tp-${++ids}`,
    proposals: {
      accept: async (...args) => answer(["accept", ...args], { accepted: true }),
      snooze: async (...args) => answer(["snooze", ...args], { snoozed: true }),
      decline: async (...args) => answer(["decline", ...args], {}),
    },
  };
  const cardOf = (userId: string) => delivery.teams.sent.find((s) => s.userId === userId)!;
  const press = (userId: string, verb: string, data: object, card: SentCard = cardOf(userId)) =>
    handleCardAction(ports, {
      actorId: userId,
      verb,
      data: { occurrenceId: "occ-1", pairKey, ...data },
      conversationId: `conv-${card.userId}`,
      replyToId: card.activityId,
    });
  return { now, delivery, ports, press, proposalCalls };
}

const viewOf = (result: Awaited<ReturnType<typeof handleCardAction>>) => {
  if (!result.ok) throw result.error;
  return (result.value as SentCard["card"]).view;
};

describe("handleCardAction", () => {
  it("adds a talking point and answers with the refreshed card; the other person sees it on the next card", async () => {
    const { now, delivery, press } = await setUp();
    const view = viewOf(
      await press(REPORT.id, CARD_VERBS.addTalkingPoint, {
        talkingPointText: " Conference budget ",
        talkingPointPrivate: "false",
      }),
    );
    expect(view.talkingPoints).toEqual([
      { id: "tp-1", text: "Conference budget", private: false, mine: true },
    ]);
    now.value = new Date("2026-12-08T10:00:00Z");
    await sendAgendas(delivery.ports);
    const next = delivery.teams.sent.filter((s) => s.card.context.occurrenceId === "occ-2");
    expect(next.map((s) => [s.userId, s.card.view.talkingPoints.map((p) => p.text)])).toEqual([
      [MANAGER.id, ["Conference budget"]],
      [REPORT.id, ["Conference budget"]],
    ]);
  });

  it("keeps a private talking point on its author's cards only", async () => {
    const { now, delivery, press } = await setUp();
    const view = viewOf(
      await press(MANAGER.id, CARD_VERBS.addTalkingPoint, {
        talkingPointText: "Promotion case",
        talkingPointPrivate: "true",
      }),
    );
    expect(view.talkingPoints.map((p) => [p.text, p.private])).toEqual([["Promotion case", true]]);
    expect(viewOf(await press(REPORT.id, CARD_VERBS.skipOccurrence, {})).talkingPoints).toEqual([]);
    now.value = new Date("2026-12-08T10:00:00Z");
    await sendAgendas(delivery.ports);
    const points = (id: string) =>
      delivery.teams.sent.find((s) => s.userId === id && s.card.context.occurrenceId === "occ-2")!.card.view
        .talkingPoints;
    expect(points(MANAGER.id).map((p) => p.text)).toEqual(["Promotion case"]);
    expect(points(REPORT.id)).toEqual([]);
  });

  it("marks a talking point done so it is not carried over", async () => {
    const { press } = await setUp();
    await press(REPORT.id, CARD_VERBS.addTalkingPoint, { talkingPointText: "Hiring" });
    const view = viewOf(await press(MANAGER.id, CARD_VERBS.markTalkingPointDone, { talkingPointId: "tp-1" }));
    expect(view.talkingPoints).toEqual([]);
    const unknown = await press(MANAGER.id, CARD_VERBS.markTalkingPointDone, { talkingPointId: "tp-9" });
    expect(!unknown.ok && unknown.error.code).toBe("CARD.INVALID_DATA");
  });

  it("skips an occurrence and mutes a pair for the person who pressed", async () => {
    const { now, delivery, press } = await setUp();
    expect((await press(REPORT.id, CARD_VERBS.mutePair, {})).ok).toBe(true);
    expect((await delivery.store.getPreferences(REPORT.id)).mutedPairs).toEqual([pairKey]);
    expect(await delivery.store.isSkipped("occ-1", REPORT.id)).toBe(false);
    await press(MANAGER.id, CARD_VERBS.skipOccurrence, {});
    expect(await delivery.store.isSkipped("occ-1", MANAGER.id)).toBe(true);
    now.value = new Date("2026-12-08T10:00:00Z");
    await sendAgendas(delivery.ports);
    expect(
      delivery.teams.sent.filter((s) => s.card.context.occurrenceId === "occ-2").map((s) => s.userId),
    ).toEqual([MANAGER.id]);
  });

  it("refuses unknown verbs, malformed data and data that does not match the card", async () => {
    const { press } = await setUp();
    const unknown = await press(MANAGER.id, "agenda.launchRockets", {});
    expect(!unknown.ok && unknown.error.code).toBe("CARD.UNKNOWN_ACTION");
    for (const verb of ["constructor", "valueOf", "__proto__", "toString"]) {
      const inherited = await press(MANAGER.id, verb, {});
      expect(!inherited.ok && inherited.error.code).toBe("CARD.UNKNOWN_ACTION");
    }
    const empty = await press(MANAGER.id, CARD_VERBS.addTalkingPoint, { talkingPointText: "   " });
    expect(!empty.ok && empty.error.code).toBe("CARD.INVALID_DATA");
    const badToggle = await press(MANAGER.id, CARD_VERBS.addTalkingPoint, {
      talkingPointText: "x",
      talkingPointPrivate: "maybe",
    });
    expect(!badToggle.ok && badToggle.error.code).toBe("CARD.INVALID_DATA");
    const otherPair = await press(MANAGER.id, CARD_VERBS.mutePair, { pairKey: "m-2|r-9" });
    expect(!otherPair.ok && otherPair.error.code).toBe("CARD.INVALID_DATA");
  });

  it("refuses anyone outside the pair, even holding the card's ids", async () => {
    const { delivery, press } = await setUp();
    const card = delivery.teams.sent.find((s) => s.userId === MANAGER.id)!;
    const outsider = await press("x-1", CARD_VERBS.addTalkingPoint, { talkingPointText: "sneaky" }, card);
    expect(!outsider.ok && outsider.error).toMatchObject({ code: "CARD.NOT_A_PARTICIPANT", status: 403 });
    const noCard = await press(
      "x-1",
      CARD_VERBS.mutePair,
      {},
      { ...card, userId: "x-1", activityId: "act-99" },
    );
    expect(!noCard.ok && noCard.error.code).toBe("CARD.NOT_A_PARTICIPANT");
    expect(await delivery.store.listTalkingPoints(pairKey)).toEqual([]);
  });

  it("delegates proposal answers to the scheduling port, passing who pressed", async () => {
    const { ports, proposalCalls } = await setUp();
    const action = (verb: string, data: object) =>
      handleCardAction(ports, { actorId: MANAGER.id, verb, data, conversationId: "c", replyToId: "a" });
    const proposal = { proposalId: "p-1", pairKey };
    expect(await action(CARD_VERBS.acceptProposal, { ...proposal, slotIndex: 0 })).toEqual({
      ok: true,
      value: { accepted: true },
    });
    await action(CARD_VERBS.chooseAlternative, { ...proposal, slotIndex: 2 });
    await action(CARD_VERBS.snoozeProposal, proposal);
    await action(CARD_VERBS.neverForPerson, proposal);
    await action(CARD_VERBS.digestAcceptProposal, { ...proposal, slotIndex: 0 });
    expect(proposalCalls).toEqual([
      ["accept", "p-1", MANAGER.id],
      ["accept", "p-1", MANAGER.id, 2],
      ["snooze", "p-1", 14, MANAGER.id],
      ["decline", "p-1", MANAGER.id],
      ["accept", "p-1", MANAGER.id],
    ]);
    const badSlot = await action(CARD_VERBS.chooseAlternative, { ...proposal, slotIndex: 0 });
    expect(!badSlot.ok && badSlot.error.code).toBe("CARD.INVALID_DATA");
    const missing = await action(CARD_VERBS.acceptProposal, {});
    expect(!missing.ok && missing.error.code).toBe("CARD.INVALID_DATA");
    ports.proposals.accept = async () => ({
      ok: false,
      error: new AppError("CARD.NOT_A_PARTICIPANT", "not yours"),
    });
    const refused = await action(CARD_VERBS.acceptProposal, { ...proposal, slotIndex: 0 });
    expect(!refused.ok && refused.error.code).toBe("CARD.NOT_A_PARTICIPANT");
  });
});
