import type { AgendaInput, TalkingPoint } from "../../../../shared/domain/agenda/agendaTypes.js";

export const MANAGER = "m-1";
export const REPORT = "r-1";

export function talkingPoint(overrides: Partial<TalkingPoint> & { id: string }): TalkingPoint {
  return {
    pairKey: "m-1|r-1",
    authorId: REPORT,
    text: `Point ${overrides.id}`,
    private: false,
    done: false,
    createdAt: new Date("2026-12-01T09:00:00Z"),
    ...overrides,
  };
}

export function agendaInput(overrides: Partial<AgendaInput> = {}): AgendaInput {
  return {
    pair: {
      key: "m-1|r-1",
      managerId: MANAGER,
      managerName: "Giulia Romano",
      reportId: REPORT,
      reportName: "Kenji Sato",
    },
    recipient: { id: MANAGER, role: "manager", timeZone: "Europe/Rome", language: "en-GB" },
    occurrence: {
      id: "occ-1",
      seriesMasterId: "series-1",
      start: new Date("2026-12-08T09:00:00Z"),
      end: new Date("2026-12-08T09:30:00Z"),
      joinUrl: "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0",
      isCancelled: false,
    },
    talkingPoints: [],
    recentQuestions: [],
    heldCount: 6,
    cadence: { heldOfLast: { held: 3, of: 4 }, rhythmDays: 14 },
    seed: 42,
    ...overrides,
  };
}
