// Reads what the slot finder needs for a set of managers and their reports in as few requests as Graph allows:
// every mailboxSettings in one batched call, one getSchedule per manager (the manager + up to 19 reports).
import type { MailboxSettings, ScheduleInformation } from "@microsoft/microsoft-graph-types";
import type { PersonAvailability } from "../domain/scheduling/slotTypes.js";
import { AppError } from "../errors.js";
import { getIgnoringCase } from "./getIgnoringCase.js";
import type { ScheduleQuery } from "./ports/schedulingGraph.js";
import type { SchedulingPorts } from "./ports/schedulingPorts.js";

/** getSchedule takes at most 20 schedules per call. */
const SCHEDULES_PER_CALL = 20;

export interface AvailabilityGroup {
  managerUpn: string;
  reportUpns: readonly string[];
}

export interface PersonSchedule {
  availability: PersonAvailability;
  /** The mailbox's zone as Graph gave it (Windows or IANA): what an event's start/end/recurrence is written in. */
  graphTimeZone: string;
}

export type AvailabilityRead = { ok: true; value: PersonSchedule } | { ok: false; error: AppError };

/** Keyed by lower-cased UPN. */
export async function readAvailability(
  ports: Pick<SchedulingPorts, "graph" | "toAvailability">,
  groups: readonly AvailabilityGroup[],
  window: { start: Date; end: Date },
): Promise<Map<string, AvailabilityRead>> {
  const people = [...new Set(groups.flatMap((g) => [g.managerUpn, ...g.reportUpns]))];
  const queries: ScheduleQuery[] = [];
  for (const g of groups) {
    const reports = [...new Set(g.reportUpns)];
    const perCall = SCHEDULES_PER_CALL - 1;
    for (let i = 0; i < Math.max(reports.length, 1); i += perCall) {
      const chunk = reports.slice(i, i + perCall);
      // Results are keyed by organizer, so a manager's later chunks are asked from one of their reports' mailbox
      // (any mailbox may read others' free/busy with the application permission).
      queries.push({ organizer: i === 0 ? g.managerUpn : chunk[0]!, schedules: [g.managerUpn, ...chunk] });
    }
  }
  const [settings, schedules] = await Promise.all([
    ports.graph.readMailboxSettings(people),
    ports.graph.readSchedules(queries, window),
  ]);
  const scheduleOf = new Map<string, ScheduleInformation | AppError>();
  for (const q of queries) {
    const answer = getIgnoringCase(schedules, q.organizer);
    for (const address of q.schedules) {
      const key = address.toLowerCase();
      if (scheduleOf.get(key) && !(scheduleOf.get(key) instanceof AppError)) continue;
      if (!answer) {
        scheduleOf.set(
          key,
          new AppError("GRAPH.UNEXPECTED", `getSchedule gave no answer for ${q.organizer}`),
        );
      } else if (!answer.ok) {
        scheduleOf.set(key, answer.error);
      } else {
        const info = answer.value.find((s) => s.scheduleId?.toLowerCase() === key);
        scheduleOf.set(
          key,
          info ?? new AppError("GRAPH.UNEXPECTED", `getSchedule answered without a schedule for ${address}`),
        );
      }
    }
  }
  const result = new Map<string, AvailabilityRead>();
  for (const upn of people) {
    const key = upn.toLowerCase();
    const mailbox = getIgnoringCase(settings, upn);
    const schedule = scheduleOf.get(key);
    if (!mailbox?.ok) {
      result.set(key, {
        ok: false,
        error: mailbox?.error ?? new AppError("GRAPH.UNEXPECTED", `no mailboxSettings for ${upn}`),
      });
    } else if (!schedule || schedule instanceof AppError) {
      result.set(key, {
        ok: false,
        error: schedule ?? new AppError("GRAPH.UNEXPECTED", `no getSchedule answer for ${upn}`),
      });
    } else {
      result.set(key, convert(ports, upn, mailbox.value, schedule, window));
    }
  }
  return result;
}

function convert(
  ports: Pick<SchedulingPorts, "toAvailability">,
  upn: string,
  mailbox: MailboxSettings,
  schedule: ScheduleInformation,
  window: { start: Date; end: Date },
): AvailabilityRead {
  try {
    const availability = ports.toAvailability(mailbox, schedule, { now: window.start, window });
    return { ok: true, value: { availability, graphTimeZone: mailbox.timeZone || availability.timeZone } };
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    return {
      ok: false,
      error: new AppError(
        typeof code === "string" ? code : "SCHEDULE.UNUSABLE_MAILBOX",
        `${upn}: ${(err as Error).message}`,
        { cause: err },
      ),
    };
  }
}
