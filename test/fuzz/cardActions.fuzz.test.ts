// Fuzzed card actions: random verbs and data are answered with a card or a coded refusal, never a throw; a talking
// point's text, whatever it holds (markdown, template expressions, mentions, HTML), comes back on the card as text.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { agendaCardPartsReal } from "../../shared/composition/agendaCardPartsReal.js";
import { CARD_ACTION_DATA } from "../../shared/domain/agenda/cardActionData.js";
import { AGENDA_INPUTS, CARD_VERBS, TALKING_POINT_MAX_CHARS } from "../../shared/domain/agenda/cardVerbs.js";
import { AppError } from "../../shared/errors.js";
import { parseCardAction } from "../../shared/teams/parseCardAction.js";
import { agendaPairKey } from "../../shared/usecases/agendaPairKey.js";
import { type HandleCardActionPorts, handleCardAction } from "../../shared/usecases/handleCardAction.js";
import { sendAgendas } from "../../shared/usecases/sendAgendas.js";
import { deliveryPorts, MANAGER, oneOnOne, REPORT } from "../shared/usecases/agendaFakes.js";
import { FUZZ_SEED, garbageValue } from "./fuzzValues.js";

const VERBS = Object.values(CARD_VERBS);
const pairKey = agendaPairKey(MANAGER.id, REPORT.id);

/** Text a person may type into the talking point box, including what a card renderer would read as markup. */
const talkingPointText = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 80 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(
    "**bold** _it_ ~~x~~",
    "[click](https://evil.example/?q=1)",
    "![img](https://evil.example/a.png)",
    // Adaptive Card template expressions, as the user types them.
    ["$", "{managerName}"].join(""),
    ["$", "{$root.title}"].join(""),
    ["$", "{if(true, 'a', 'b')}"].join(""),
    "{{DATE(2026-11-25T09:00:00Z, SHORT)}}",
    "<at>Mara</at>",
    "<b>html</b><script>alert(1)</script>",
    '"}]}, {"type": "Action.OpenUrl", "url": "https://evil.example"}',
    "line one\n\n- a list\n1. item",
    "\u202eevil\u202c",
    "$when",
    "%7B%7D",
  ),
  fc.nat({ max: TALKING_POINT_MAX_CHARS + 20 }).map((n) => "é".repeat(n)),
);

const dataArb = fc.oneof(
  garbageValue,
  fc.record(
    {
      pairKey: fc.oneof(fc.constant(pairKey), garbageValue),
      occurrenceId: fc.oneof(fc.constantFrom("occ-1", "occ-2"), garbageValue),
      talkingPointId: fc.oneof(fc.constantFrom("tp-1", "tp-x"), garbageValue),
      proposalId: fc.oneof(fc.constant("p1.x.y"), garbageValue),
      slotIndex: fc.oneof(fc.constantFrom(0, 1, 2, 3, -1, "0"), garbageValue),
      [AGENDA_INPUTS.text]: fc.oneof(talkingPointText, garbageValue),
      [AGENDA_INPUTS.private]: fc.oneof(fc.constantFrom("true", "false", true, false), garbageValue),
    },
    { requiredKeys: [] },
  ),
);

async function setUp(options: { buildRealCards: boolean }) {
  const now = { value: new Date("2026-12-01T10:00:00Z") };
  const delivery = deliveryPorts(now, options.buildRealCards ? agendaCardPartsReal : {});
  delivery.calendar.events = [
    oneOnOne("occ-1", "2026-12-02T09:00:00Z"),
    oneOnOne("occ-2", "2026-12-09T09:00:00Z"),
  ];
  await sendAgendas(delivery.ports);
  let ids = 0;
  const proposalAnswer = async () => ({
    ok: false as const,
    error: new AppError("PROPOSAL.NOT_FOUND", "no such proposal", { status: 404 }),
  });
  const ports: HandleCardActionPorts = {
    clock: delivery.ports.clock,
    store: delivery.store,
    composeAgenda: delivery.ports.composeAgenda,
    buildAgendaCard: delivery.ports.buildAgendaCard,
    newId: () => `tp-${++ids}`,
    proposals: { accept: proposalAnswer, snooze: proposalAnswer, decline: proposalAnswer },
  };
  const activityOf = (userId: string) =>
    delivery.teams.sent.find((s) => s.userId === userId)?.activityId ?? "1:none";
  return { ports, activityOf };
}

const CODES = new Set([
  "CARD.UNKNOWN_ACTION",
  "CARD.INVALID_DATA",
  "CARD.NOT_A_PARTICIPANT",
  "PROPOSAL.NOT_FOUND",
]);

/** Every `text` string in a card, with the type of the element that holds it. */
function textsOf(node: unknown, out: Array<{ type: unknown; text: string }> = []) {
  if (Array.isArray(node)) for (const item of node) textsOf(item, out);
  else if (node && typeof node === "object") {
    const record = node as Record<string, unknown>;
    if (typeof record.text === "string") out.push({ type: record.type, text: record.text });
    for (const value of Object.values(record)) textsOf(value, out);
  }
  return out;
}

describe("card actions under fuzzed input", () => {
  it("parses any action to a known verb with valid data or a coded refusal", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          garbageValue,
          fc.record(
            {
              type: fc.oneof(fc.constantFrom("Action.Execute", "Action.Submit"), garbageValue),
              verb: fc.oneof(fc.constantFrom(...VERBS), fc.string({ maxLength: 30 }), garbageValue),
              data: dataArb,
            },
            { requiredKeys: [] },
          ),
        ),
        (action) => {
          const parsed = parseCardAction(action);
          if (parsed.ok) {
            expect(VERBS).toContain(parsed.verb);
            expect(CARD_ACTION_DATA[parsed.verb].safeParse((action as { data: unknown }).data).success).toBe(
              true,
            );
          } else {
            expect(["CARD.UNKNOWN_ACTION", "CARD.BAD_DATA"]).toContain(parsed.code);
            expect(parsed.message.length).toBeGreaterThan(0);
          }
        },
      ),
      { seed: FUZZ_SEED, numRuns: 1000 },
    );
  });

  it("answers any press, by anyone, with a refreshed card or a coded refusal", async () => {
    const { ports, activityOf } = await setUp({ buildRealCards: true });
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom(...VERBS), fc.string({ maxLength: 30 })),
        dataArb,
        fc.constantFrom(MANAGER.id, REPORT.id, "stranger", ""),
        fc.boolean(),
        async (verb, data, actorId, fromOwnCard) => {
          const result = await handleCardAction(ports, {
            actorId,
            verb,
            data: data as Record<string, unknown>,
            conversationId: `conv-${actorId}`,
            replyToId: fromOwnCard && actorId ? activityOf(actorId) : "1:none",
          });
          if (result.ok) {
            answered++;
            expect(textsOf(result.value).length).toBeGreaterThan(0);
          } else {
            expect(CODES).toContain(result.error.code);
            expect([400, 403, 404]).toContain(result.error.status);
          }
        },
      ),
      { seed: FUZZ_SEED, numRuns: 500 },
    );
    // Some presses were valid and answered with a card, so the fuzz reaches the verbs' work.
    expect(answered).toBeGreaterThan(0);
  });

  it("shows a talking point's text as text: the card differs from a plain one only by that text, in a TextRun", async () => {
    const PLAIN = "PLAIN-TALKING-POINT";
    const cardWith = async (text: string) => {
      const { ports, activityOf } = await setUp({ buildRealCards: true });
      return handleCardAction(ports, {
        actorId: REPORT.id,
        verb: CARD_VERBS.addTalkingPoint,
        data: { pairKey, occurrenceId: "occ-1", [AGENDA_INPUTS.text]: text },
        conversationId: `conv-${REPORT.id}`,
        replyToId: activityOf(REPORT.id),
      });
    };
    const plain = await cardWith(PLAIN);
    if (!plain.ok) throw plain.error;
    const plainJson = JSON.stringify(plain.value);
    // Where the plain point shows, it is a whole TextRun (never a TextBlock, which Teams reads as markdown).
    const shown = textsOf(plain.value).filter((t) => t.text.includes(PLAIN));
    expect(shown).toEqual([{ type: "TextRun", text: PLAIN }]);
    await fc.assert(
      fc.asyncProperty(talkingPointText, async (text) => {
        const result = await cardWith(text);
        const kept = text.trim();
        if (kept.length === 0 || kept.length > TALKING_POINT_MAX_CHARS) {
          expect(result.ok).toBe(false);
          return;
        }
        if (!result.ok) throw result.error;
        const escaped = JSON.stringify(kept).slice(1, -1);
        // Nothing else changed: no element, action or expression came from the text.
        expect(JSON.stringify(result.value)).toBe(plainJson.replaceAll(PLAIN, () => escaped));
      }),
      { seed: FUZZ_SEED, numRuns: 100 },
    );
  });
});
