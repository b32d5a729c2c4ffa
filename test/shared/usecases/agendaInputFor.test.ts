import { describe, expect, it } from "vitest";
import { agendaInputFor } from "../../../shared/usecases/agendaInputFor.js";
import type { AskedQuestions } from "../../../shared/usecases/ports/agendaStores.js";

const asked = (occurrenceId: string, start: string, q: string): AskedQuestions => ({
  pairKey: "p",
  occurrenceId,
  start,
  questionIds: [q],
});

describe("agendaInputFor", () => {
  it("looks back over the four previous meetings, counting a meeting recorded under two starts once", async () => {
    const history = [
      asked("o5", "2026-11-30T09:00:00Z", "q5"),
      asked("o4", "2026-11-23T09:00:00Z", "q4"),
      asked("o4", "2026-11-22T09:00:00Z", "q4-before-move"),
      asked("o3", "2026-11-16T09:00:00Z", "q3"),
      asked("o2", "2026-11-09T09:00:00Z", "q2"),
      asked("o1", "2026-11-02T09:00:00Z", "q1"),
    ];
    const cancelled = new Set<string>();
    const store = {
      listTalkingPoints: async () => [],
      getDelivery: async (occurrenceId: string) =>
        cancelled.has(occurrenceId) ? { value: { state: "cancelled" }, etag: "e" } : undefined,
      recentAsked: async (_pair: string, before: Date) =>
        history.filter((a) => Date.parse(a.start) < before.getTime()),
    } as unknown as Parameters<typeof agendaInputFor>[0];
    const input = await agendaInputFor(store, {
      pairKey: "p",
      managerId: "m",
      managerName: "M",
      reportId: "r",
      reportName: "R",
      rhythmDays: 7,
      recipient: { id: "m", role: "manager", timeZone: "UTC", language: "en" },
      occurrence: {
        id: "o6",
        seriesMasterId: null,
        start: new Date("2026-12-07T09:00:00Z"),
        end: new Date("2026-12-07T09:30:00Z"),
        joinUrl: null,
        isCancelled: false,
      },
    });
    expect(input.recentQuestions).toEqual([["q5"], ["q4"], ["q3"], ["q2"]]);
    expect(input.heldCount).toBe(5);
    expect(input.cadence).toEqual({ heldOfLast: { held: 4, of: 4 }, rhythmDays: 7 });
    // A meeting whose card was updated to "cancelled" did not happen.
    cancelled.add("o4");
    const after = await agendaInputFor(store, { ...inputSubject(), occurrence: input.occurrence });
    expect(after.heldCount).toBe(4);
    expect(after.cadence.heldOfLast).toEqual({ held: 3, of: 4 });
    // Before any card, the scan's last held 1:1 says the pair has met.
    const none = { ...store, recentAsked: async () => [] } as typeof store;
    const fresh = { ...inputSubject(), occurrence: input.occurrence };
    expect((await agendaInputFor(none, fresh)).heldCount).toBe(0);
    expect((await agendaInputFor(none, { ...fresh, lastHeld: "2026-11-20T09:00:00Z" })).heldCount).toBe(1);
    expect(input.seed).toBe(
      (await agendaInputFor(store, { ...inputSubject(), occurrence: input.occurrence })).seed,
    );
  });
});

function inputSubject() {
  return {
    pairKey: "p",
    managerId: "m",
    managerName: "M",
    reportId: "r",
    reportName: "R",
    rhythmDays: 7,
    recipient: { id: "r", role: "report" as const, timeZone: "Asia/Tokyo", language: "ja" },
  };
}
