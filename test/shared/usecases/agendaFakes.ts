// Small fakes for the card delivery use cases: a calendar, Teams, a composer that rotates a question bank.
import type { Event, MailboxSettings } from "@microsoft/microsoft-graph-types";
import type { AgendaInput, AgendaView } from "../../../shared/domain/agenda/agendaTypes.js";
import { AppError } from "../../../shared/errors.js";
import { MemoryAgendaStore } from "../../../shared/store/memoryAgendaStore.js";
import type { AgendaCardContext } from "../../../shared/usecases/agendaCardParts.js";
import type { Keyed } from "../../../shared/usecases/ports/schedulingGraph.js";
import type { TeamsDelivery } from "../../../shared/usecases/ports/teamsDelivery.js";
import type { TrackedPair } from "../../../shared/usecases/ports/trackedPairs.js";
import type { SendAgendasPorts } from "../../../shared/usecases/sendAgendas.js";

export const MANAGER = { id: "m-1", upn: "mia@contoso.com" };
export const REPORT = { id: "r-1", upn: "raj@contoso.com" };

export const trackedPair: TrackedPair = {
  managerId: MANAGER.id,
  managerUpn: MANAGER.upn,
  reportId: REPORT.id,
  reportUpn: REPORT.upn,
  status: "healthy",
  lastHeld: null,
  nextScheduled: null,
  cadenceDays: 14,
  seriesId: "series-1",
  reason: "every 2 weeks",
  managerName: "Mia",
  reportName: "Raj",
};

/** A 1:1 occurrence of the pair as the manager's calendarView returns it (UTC). */
export function oneOnOne(id: string, start: string, minutes = 30): Event {
  const end = new Date(Date.parse(start) + minutes * 60_000).toISOString();
  return {
    id,
    type: "occurrence",
    seriesMasterId: "series-1",
    start: { dateTime: start.replace("Z", ""), timeZone: "UTC" },
    end: { dateTime: end.replace("Z", ""), timeZone: "UTC" },
    isAllDay: false,
    isCancelled: false,
    organizer: { emailAddress: { address: MANAGER.upn } },
    attendees: [
      { type: "required", emailAddress: { address: REPORT.upn }, status: { response: "accepted" } },
    ],
    responseStatus: { response: "organizer" },
    onlineMeeting: { joinUrl: `https://teams.example/join/${id}` },
  };
}

export interface SentCard {
  userId: string;
  activityId: string;
  card: { view: AgendaView; context: AgendaCardContext };
}

export class FakeTeams implements TeamsDelivery {
  sent: SentCard[] = [];
  updates: { activityId: string; card: SentCard["card"] }[] = [];
  ensured: string[] = [];
  blocked = new Set<string>();
  /** Thrown by the next sendCard. */
  sendError: unknown;

  async ensureConversation(user: {
    id: string;
  }): Promise<Keyed<{ conversationId: string; serviceUrl: string }>> {
    this.ensured.push(user.id);
    if (this.blocked.has(user.id)) return { ok: false, error: new AppError("TEAMS.BLOCKED", "blocked") };
    return { ok: true, value: { conversationId: `conv-${user.id}`, serviceUrl: "https://smba.example/" } };
  }

  async sendCard(conversation: { conversationId: string }, card: object): Promise<{ activityId: string }> {
    if (this.sendError) {
      const err = this.sendError;
      this.sendError = undefined;
      throw err;
    }
    const activityId = `act-${this.sent.length + 1}`;
    this.sent.push({
      userId: conversation.conversationId.replace(/^conv-/, ""),
      activityId,
      card: card as SentCard["card"],
    });
    return { activityId };
  }

  async updateCard(_c: object, activityId: string, card: object): Promise<void> {
    this.updates.push({ activityId, card: card as SentCard["card"] });
  }
}

export const QUESTION_BANK = Array.from({ length: 15 }, (_, i) => `q${String(i + 1).padStart(2, "0")}`);

/** Picks the first three bank questions not asked recently, rotated by the seed: what the real composer promises. */
export function fakeCompose(input: AgendaInput): AgendaView {
  const recent = new Set(input.recentQuestions.flat());
  const offset = input.seed % QUESTION_BANK.length;
  const rotated = [...QUESTION_BANK.slice(offset), ...QUESTION_BANK.slice(0, offset)];
  const questions = rotated.filter((q) => !recent.has(q)).slice(0, 3);
  return {
    language: "en",
    role: input.recipient.role,
    title: `1:1 ${input.pair.managerName} / ${input.pair.reportName}`,
    when: `${input.occurrence.start.toISOString()}/${input.occurrence.end.toISOString()}`,
    cadenceLine: "",
    talkingPoints: input.talkingPoints
      .filter((p) => !p.done)
      .map((p) => ({ id: p.id, text: p.text, private: p.private, mine: p.authorId === input.recipient.id })),
    questions: questions.map((id) => ({ id, text: id })),
    guidance: [],
    personalNote: "",
    joinUrl: input.occurrence.joinUrl,
    cancelled: input.occurrence.isCancelled,
  };
}

export class FakeCalendar {
  events: Event[] = [];
  reads = 0;
  byId = 0;
  async readUpcomingOccurrences(managerIds: readonly string[], window: { start: Date; end: Date }) {
    this.reads++;
    const inWindow = this.events.filter(
      (e) =>
        !e.isCancelled &&
        Date.parse(`${e.end!.dateTime}Z`) > window.start.getTime() &&
        Date.parse(`${e.start!.dateTime}Z`) < window.end.getTime(),
    );
    return new Map(managerIds.map((id) => [id, { ok: true as const, value: structuredClone(inWindow) }]));
  }
  async readEventsByIds(refs: readonly { mailbox: string; eventId: string }[]) {
    this.byId += refs.length;
    return new Map(
      refs.map((r) => [
        r.eventId,
        { ok: true as const, value: this.events.find((e) => e.id === r.eventId) ?? null },
      ]),
    );
  }
}

export function deliveryPorts(now: { value: Date }, over: Partial<SendAgendasPorts> = {}) {
  const store = new MemoryAgendaStore();
  const teams = new FakeTeams();
  const calendar = new FakeCalendar();
  const settings: Record<string, MailboxSettings> = {
    [MANAGER.id]: { timeZone: "Europe/Rome", language: { locale: "it-IT" } },
    [REPORT.id]: { timeZone: "Tokyo Standard Time", language: { locale: "ja-JP" } },
  };
  const ports: SendAgendasPorts = {
    clock: { now: () => now.value },
    pairs: { latestPairs: async () => [trackedPair] },
    calendar,
    mailboxSettings: {
      readMailboxSettings: async (users) =>
        new Map(users.map((u) => [u, { ok: true as const, value: settings[u] ?? {} }])),
    },
    teams,
    store,
    tenantId: "tenant-1",
    composeAgenda: fakeCompose,
    buildAgendaCard: (view, context) => ({ view, context }),
    ...over,
  };
  return { ports, store, teams, calendar };
}
