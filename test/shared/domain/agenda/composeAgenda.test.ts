import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AgendaInput } from "../../../../shared/domain/agenda/agendaTypes.js";
import { composeAgenda } from "../../../../shared/domain/agenda/composeAgenda.js";
import { QUESTION_BANK } from "../../../../shared/domain/agenda/questionBank.js";
import { agendaInput, MANAGER, REPORT, talkingPoint } from "./agendaFixtures.js";

const asReport = { id: REPORT, role: "report" as const, timeZone: "Asia/Tokyo", language: "ja-JP" };

describe("composeAgenda: talking points", () => {
  const points = [
    talkingPoint({ id: "b", authorId: MANAGER, text: "Budget", createdAt: new Date("2026-12-02T10:00:00Z") }),
    talkingPoint({ id: "a", authorId: REPORT, text: "Release", createdAt: new Date("2026-12-01T10:00:00Z") }),
    talkingPoint({ id: "p-m", authorId: MANAGER, text: "Manager's private", private: true }),
    talkingPoint({ id: "p-r", authorId: REPORT, text: "Report's private", private: true }),
    talkingPoint({ id: "d", authorId: REPORT, text: "Done last time", done: true }),
  ];

  it("shows both sides' open points, oldest first, and a private one only to its author", () => {
    const manager = composeAgenda(agendaInput({ talkingPoints: points }));
    expect(manager.talkingPoints.map((p) => p.id)).toEqual(["p-m", "a", "b"]);
    expect(manager.talkingPoints.find((p) => p.id === "p-m")).toMatchObject({ private: true, mine: true });
    expect(manager.talkingPoints.find((p) => p.id === "a")).toMatchObject({ private: false, mine: false });

    const report = composeAgenda(agendaInput({ talkingPoints: points, recipient: asReport }));
    expect(report.talkingPoints.map((p) => p.id)).toEqual(["p-r", "a", "b"]);
    expect(JSON.stringify(report)).not.toContain("Manager's private");
  });

  it("does not carry over points marked done", () => {
    const view = composeAgenda(agendaInput({ talkingPoints: points }));
    expect(view.talkingPoints.map((p) => p.id)).not.toContain("d");
  });
});

describe("composeAgenda: questions", () => {
  it("asks three different questions from the bank, the same for both people of the pair", () => {
    const input = agendaInput({ talkingPoints: [talkingPoint({ id: "a", text: "The outage on Friday." })] });
    const manager = composeAgenda(input);
    const report = composeAgenda({ ...input, recipient: asReport });
    expect(manager.questions).toHaveLength(3);
    expect(new Set(manager.questions.map((q) => q.id)).size).toBe(3);
    for (const q of manager.questions) expect(QUESTION_BANK).toContain(q.id);
    expect(report.questions.map((q) => q.id)).toEqual(manager.questions.map((q) => q.id));
    expect(report.questions.map((q) => q.text)).not.toEqual(manager.questions.map((q) => q.text));
  });

  it("is deterministic for a seed and rotates with it", () => {
    const ids = (seed: number) => composeAgenda(agendaInput({ seed })).questions.map((q) => q.id);
    expect(ids(7)).toEqual(ids(7));
    const seen = new Set(Array.from({ length: 30 }, (_, seed) => ids(seed).join()));
    expect(seen.size).toBeGreaterThan(10);
  });

  it("asks no question asked at the pair's previous three meetings", () => {
    const recentQuestions = [
      ["clarity", "proud", "excited"],
      ["improve", "sinceLast", "teamTroubles"],
      ["companyTroubles", "wentWell", "wentNotWell"],
      ["help", "nonWork", "career"],
    ];
    for (let seed = 0; seed < 50; seed++) {
      const ids = composeAgenda(agendaInput({ seed, recentQuestions })).questions.map((q) => q.id);
      // Nine used in the last three meetings and no talking point for "When X…": exactly three remain.
      expect(ids.sort()).toEqual(["career", "help", "nonWork"]);
    }
  });

  it("never repeats a question within four meetings over a long run of meetings", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer(), fc.boolean()), { minLength: 8, maxLength: 30 }),
        (meetings) => {
          const history: string[][] = [];
          for (const [seed, withPoint] of meetings) {
            const talkingPoints = withPoint ? [talkingPoint({ id: "x", text: "The demo crashed" })] : [];
            const ids = composeAgenda(
              agendaInput({ seed, talkingPoints, recentQuestions: history }),
            ).questions.map((q) => q.id);
            expect(ids).toHaveLength(3);
            for (const previous of history.slice(0, 3))
              for (const id of ids) expect(previous).not.toContain(id);
            history.unshift(ids);
          }
        },
      ),
      { seed: 10, numRuns: 30 },
    );
  });

  it("asks 'When X happened…' only when an open shared talking point gives the X, and fills it in", () => {
    const without = (input: Partial<AgendaInput>) =>
      Array.from(
        { length: 40 },
        (_, seed) => composeAgenda(agendaInput({ ...input, seed })).questions,
      ).flat();
    expect(without({}).map((q) => q.id)).not.toContain("differently");
    expect(
      without({
        talkingPoints: [
          talkingPoint({ id: "p", text: "Secret", private: true, authorId: MANAGER }),
          talkingPoint({ id: "d", text: "Old", done: true }),
        ],
      }).map((q) => q.id),
    ).not.toContain("differently");

    const asked = without({
      talkingPoints: [talkingPoint({ id: "a", text: "  The release slipped.  " })],
    }).filter((q) => q.id === "differently");
    expect(asked.length).toBeGreaterThan(0);
    expect(asked[0]!.text).toBe(
      "When “The release slipped” happened, what will you do differently next time?",
    );
  });

  it("keeps the questions a card already asked when it is refreshed, unless one can no longer be asked", () => {
    const askedHere = ["wentWell", "career", "help"];
    const refreshed = (talkingPoints: AgendaInput["talkingPoints"], asked = askedHere) =>
      Array.from({ length: 20 }, (_, seed) =>
        composeAgenda(agendaInput({ seed, talkingPoints, askedHere: asked })).questions.map((q) => q.id),
      );
    // A talking point added from the card would give "When X happened…" its X: the card still asks the same three.
    for (const ids of refreshed([talkingPoint({ id: "a", text: "The outage." })]))
      expect(ids).toEqual(askedHere);
    // "differently" without an X any more (its point marked done) is chosen afresh.
    const withoutX = refreshed([], ["differently", "career", "help"]);
    for (const ids of withoutX) expect(ids).not.toContain("differently");
  });

  it("uses the same ids in every language and translates the text", () => {
    const input = agendaInput({ seed: 3 });
    const english = composeAgenda(input);
    const german = composeAgenda({ ...input, recipient: { ...input.recipient, language: "de-DE" } });
    expect(german.questions.map((q) => q.id)).toEqual(english.questions.map((q) => q.id));
    expect(german.language).toBe("de");
    expect(german.questions[0]!.text).not.toBe(english.questions[0]!.text);
  });
});

describe("composeAgenda: guidance, cadence, time and language", () => {
  it("gives the manager situation, impact, alternative, and task-based feedback first while the pair is young", () => {
    const young = composeAgenda(agendaInput({ heldCount: 3 }));
    expect(young.guidance).toEqual([
      "Giving feedback: name the situation you saw.",
      "Say what impact it had.",
      "Suggest an alternative for next time.",
      expect.stringContaining("task-based"),
    ]);
    const grown = composeAgenda(agendaInput({ heldCount: 4 }));
    expect(grown.guidance[3]).toContain("behavioural feedback has its place");
    expect(young.personalNote).toContain("personal matters");
  });

  it("gives the report listen actively, don't refuse it, assume positive intent, and room for personal matters", () => {
    const view = composeAgenda(agendaInput({ recipient: { ...asReport, language: "en-US" }, heldCount: 1 }));
    expect(view.role).toBe("report");
    expect(view.guidance).toEqual([
      "Receiving feedback: listen actively and ask questions.",
      "Don't refuse it: take it in before you answer.",
      "Assume positive intent.",
    ]);
    expect(view.personalNote).toContain("personal");
    expect(view.title).toBe("1:1 with Giulia Romano");
  });

  it.each([
    [{ heldOfLast: { held: 3, of: 4 }, rhythmDays: 14 }, "3 of the last 4 held · every 2 weeks"],
    [{ heldOfLast: { held: 1, of: 1 }, rhythmDays: 7 }, "1 of the last 1 held · every week"],
    [{ heldOfLast: { held: 2, of: 4 }, rhythmDays: 10 }, "2 of the last 4 held · every 10 days"],
    [{ heldOfLast: { held: 0, of: 0 }, rhythmDays: null }, "No 1:1 held yet · no regular rhythm yet"],
  ])("cadence %j → %s", (cadence, line) => {
    expect(composeAgenda(agendaInput({ cadence })).cadenceLine).toBe(line);
  });

  it("shows the time in the recipient's zone and language", () => {
    const rome = composeAgenda(
      agendaInput({
        recipient: { id: MANAGER, role: "manager", timeZone: "Europe/Rome", language: "it-IT" },
      }),
    );
    expect(rome.language).toBe("it");
    expect(rome.title).toBe("1:1 con Kenji Sato");
    expect(rome.when).toBe("martedì 8 dicembre 2026, 10:00–10:30 (Europe/Rome)");
    expect(rome.cadenceLine).toBe("3 degli ultimi 4 tenuti · ogni 2 settimane");

    const tokyo = composeAgenda(agendaInput({ recipient: asReport }));
    expect(tokyo.when).toBe("2026年12月8日火曜日 18:00–18:30（Asia/Tokyo）");
    expect(tokyo.title).toBe("Giulia Romano さんとの 1:1");

    // Graph may give a Windows zone name.
    const ny = composeAgenda(
      agendaInput({
        recipient: { id: MANAGER, role: "manager", timeZone: "Eastern Standard Time", language: "en-US" },
      }),
    );
    expect(ny.when).toBe("Tuesday, December 8, 2026, 4:00 AM–4:30 AM (America/New_York)");
  });

  it("falls back to English for a language without a translation, and to UTC for an unknown zone", () => {
    const view = composeAgenda(
      agendaInput({
        recipient: { id: MANAGER, role: "manager", timeZone: "Mars/Olympus", language: "pt-BR" },
      }),
    );
    expect(view.language).toBe("en");
    expect(view.title).toBe("1:1 with Kenji Sato");
    expect(view.when).toContain("9:00 AM–9:30 AM (UTC)");
  });

  it("passes the join URL and the cancellation through", () => {
    const input = agendaInput();
    expect(composeAgenda(input).joinUrl).toBe(input.occurrence.joinUrl);
    const cancelled = composeAgenda({
      ...input,
      occurrence: { ...input.occurrence, isCancelled: true, joinUrl: null },
    });
    expect(cancelled).toMatchObject({ cancelled: true, joinUrl: null });
  });
});
