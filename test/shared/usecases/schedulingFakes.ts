// Small fakes for the scheduling use cases: a calendar-backed SchedulingGraph, a naive slot finder and converter.
import type { Event, MailboxSettings, ScheduleInformation } from "@microsoft/microsoft-graph-types";
import { defaultCadencePolicy } from "../../../shared/domain/cadencePolicy.js";
import type {
  PersonAvailability,
  Slot,
  SlotRequest,
  SlotSearch,
  Weekday,
} from "../../../shared/domain/scheduling/slotTypes.js";
import { AppError } from "../../../shared/errors.js";
import { MemoryProposalStore } from "../../../shared/store/memoryProposalStore.js";
import type { PlanPair } from "../../../shared/usecases/planSeries.js";
import type { ScheduleQuery, SchedulingGraph } from "../../../shared/usecases/ports/schedulingGraph.js";
import type { SchedulingPorts } from "../../../shared/usecases/ports/schedulingPorts.js";

const DAY = 86_400_000;
const WEEKDAYS: Weekday[] = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

export const NOW = new Date("2027-03-01T08:00:00.000Z");

/** Everyone works 09:00–17:00 UTC Monday to Friday; busy items are per person, UTC. */
export class FakeSchedulingGraph implements SchedulingGraph {
  readonly busy = new Map<string, Array<{ start: Date; end: Date }>>();
  readonly events: Array<Event & { transactionId: string; mailbox: string }> = [];
  readonly calls = { mailboxSettings: 0, schedules: 0, scheduleQueries: 0, createEvent: 0, find: 0 };
  /** Queue of behaviours for the next createEvent calls. */
  readonly postFaults: Array<"timeoutAfterCreate" | "failBeforeCreate"> = [];
  withoutTeams = false;
  unreadable = new Set<string>();

  async readMailboxSettings(users: readonly string[]) {
    this.calls.mailboxSettings++;
    return new Map(
      users.map((u) => [
        u,
        this.unreadable.has(u)
          ? { ok: false as const, error: new AppError("GRAPH.MAILBOX_NOT_ENABLED", `${u} has no mailbox`) }
          : { ok: true as const, value: { timeZone: "UTC" } satisfies MailboxSettings },
      ]),
    );
  }

  async readSchedules(queries: readonly ScheduleQuery[], window: { start: Date; end: Date }) {
    this.calls.schedules++;
    this.calls.scheduleQueries += queries.length;
    return new Map(
      queries.map((q) => [
        q.organizer,
        {
          ok: true as const,
          value: q.schedules.map(
            (s): ScheduleInformation => ({
              scheduleId: s,
              scheduleItems: this.busyOf(s)
                .filter((b) => b.start < window.end && b.end > window.start)
                .map((b) => ({
                  status: "busy",
                  start: { dateTime: b.start.toISOString().slice(0, 19), timeZone: "UTC" },
                  end: { dateTime: b.end.toISOString().slice(0, 19), timeZone: "UTC" },
                })),
            }),
          ),
        },
      ]),
    );
  }

  async createEvent(organizer: string, event: Event & { transactionId: string }): Promise<Event> {
    this.calls.createEvent++;
    const fault = this.postFaults.shift();
    if (fault === "failBeforeCreate") throw new AppError("GRAPH.UNAVAILABLE", "503 from Graph");
    // Graph answers a repeated transactionId with the event it already created.
    const existing = this.events.find(
      (e) => e.mailbox === organizer && e.transactionId === event.transactionId,
    );
    const created = existing ?? this.record(organizer, event);
    if (fault === "timeoutAfterCreate") throw new AppError("GRAPH.UNAVAILABLE", "request timed out");
    return created;
  }

  async findEventByTransactionId(organizer: string, transactionId: string) {
    this.calls.find++;
    return this.events.find((e) => e.mailbox === organizer && e.transactionId === transactionId) ?? null;
  }

  private record(organizer: string, event: Event & { transactionId: string }) {
    const created = {
      ...event,
      mailbox: organizer,
      id: `series-${this.events.length + 1}`,
      onlineMeeting: this.withoutTeams ? null : { joinUrl: "https://teams.example/join/1" },
    };
    this.events.push(created);
    // The series blocks both calendars from now on (first three occurrences are enough here).
    const start = new Date(`${event.start!.dateTime!.slice(0, 19)}Z`);
    const end = new Date(`${event.end!.dateTime!.slice(0, 19)}Z`);
    for (const who of [organizer, event.attendees![0]!.emailAddress!.address!]) {
      for (const k of [0, 14, 28])
        this.block(who, new Date(start.getTime() + k * DAY), new Date(end.getTime() + k * DAY));
    }
    return created;
  }

  block(who: string, start: Date, end: Date) {
    this.busy.set(who.toLowerCase(), [...this.busyOf(who), { start, end }]);
  }

  private busyOf(who: string) {
    return this.busy.get(who.toLowerCase()) ?? [];
  }
}

export function fakeToAvailability(
  mailbox: MailboxSettings,
  schedule: ScheduleInformation,
): PersonAvailability {
  return {
    timeZone: mailbox.timeZone ?? "UTC",
    workingHours: {
      daysOfWeek: ["monday", "tuesday", "wednesday", "thursday", "friday"],
      startTime: "09:00",
      endTime: "17:00",
      timeZone: "UTC",
    },
    busy: (schedule.scheduleItems ?? []).map((i) => ({
      start: new Date(`${i.start!.dateTime}Z`),
      end: new Date(`${i.end!.dateTime}Z`),
      status: (i.status ?? "busy") as "busy",
    })),
  };
}

/** A naive finder (UTC working hours 09–17 weekdays, half-hour steps, earliest first): enough to drive the use cases. */
export function fakeFindSlots(r: SlotRequest): SlotSearch {
  const minutes = r.durationMinutes ?? 30;
  const earliest = r.now.getTime() + (r.minNoticeHours ?? 24) * 3_600_000;
  const slots: Slot[] = [];
  const blocked = [...r.manager.busy, ...r.report.busy, ...(r.taken ?? []).flatMap((t) => t.occurrences)];
  for (let t = Math.ceil(earliest / 1_800_000) * 1_800_000; t < r.now.getTime() + 14 * DAY; t += 1_800_000) {
    const start = new Date(t);
    const occurrences = [0, 14, 28].map((k) => ({
      start: new Date(t + k * DAY),
      end: new Date(t + k * DAY + minutes * 60_000),
    }));
    const inHours = occurrences.every(
      (o) =>
        o.start.getUTCDay() >= 1 &&
        o.start.getUTCDay() <= 5 &&
        o.start.getUTCHours() >= 9 &&
        o.end.getUTCHours() * 60 + o.end.getUTCMinutes() <= 17 * 60,
    );
    const free = occurrences.every((o) => !blocked.some((b) => b.start < o.end && b.end > o.start));
    if (!inHours || !free) continue;
    slots.push({
      start,
      end: occurrences[0]!.end,
      weekday: WEEKDAYS[start.getUTCDay()]!,
      localTime: start.toISOString().slice(11, 16),
      occurrences,
      score: -slots.length,
    });
    if (slots.length >= (r.limit ?? 3)) break;
  }
  return slots.length > 0
    ? { ok: true, slots }
    : {
        ok: false,
        code: "SLOT.NONE_FOUND",
        reason: `no ${minutes}-minute time is inside 09:00–17:00 ${r.manager.timeZone} and 09:00–17:00 ${r.report.timeZone} on all of the first three occurrences`,
      };
}

export function schedulingPorts(
  over: Partial<SchedulingPorts> & { graph?: FakeSchedulingGraph } = {},
): SchedulingPorts & { graph: FakeSchedulingGraph; store: MemoryProposalStore } {
  return {
    graph: new FakeSchedulingGraph(),
    store: new MemoryProposalStore(),
    clock: { now: () => NOW },
    policy: defaultCadencePolicy,
    findSlots: fakeFindSlots,
    toAvailability: fakeToAvailability,
    settings: { mode: "propose", minNoticeHours: 24, proposalTtlDays: 14, excludedUsers: [] },
    ...over,
  } as SchedulingPorts & { graph: FakeSchedulingGraph; store: MemoryProposalStore };
}

export const pair = (manager: string, report: string, status: PlanPair["status"] = "missing"): PlanPair => ({
  managerId: `id-${manager}`,
  managerUpn: `${manager}@contoso.com`,
  managerName: `${manager[0]!.toUpperCase()}${manager.slice(1)} Rossi`,
  reportId: `id-${report}`,
  reportUpn: `${report}@contoso.com`,
  reportName: `${report[0]!.toUpperCase()}${report.slice(1)} <Bianchi>`,
  status,
  reason: status === "missing" ? "no 1:1 in the last 90 days" : "a scan reason",
});
