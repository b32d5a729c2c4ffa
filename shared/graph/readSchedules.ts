import type { ScheduleInformation } from "@microsoft/microsoft-graph-types";
import { z } from "zod";
import { AppError } from "../errors.js";
import type { Keyed, ScheduleQuery } from "../usecases/ports/schedulingGraph.js";
import { GraphRequestError } from "./GraphRequestError.js";
import { runBatched } from "./runBatched.js";
import type { GraphGateway } from "./types.js";

/** getSchedule's limits: 20 schedules per call, a window shorter than 62 days. */
const MAX_SCHEDULES = 20;
const MAX_WINDOW_MS = 62 * 86_400_000;
const answerSchema = z.looseObject({ value: z.array(z.looseObject({ scheduleId: z.string() })) });

export interface ReadSchedulesOptions {
  /** Minutes per character of `availabilityView` (5–1440; default 30, the slot finder's granularity). */
  availabilityViewInterval?: number;
  concurrency?: number;
}

/**
 * Free/busy of every query's schedules over [start, end): `POST /users/{organizer}/calendar/getSchedule`, one
 * call per organizer, 20 calls per `$batch`. Times go out and come back in UTC (dateTimeTimeZone with
 * timeZone "UTC", and `Prefer: outlook.timezone="UTC"` for scheduleItems); working hours keep their own zone.
 * An unknown address or one without a mailbox is a ScheduleInformation with `error`, as Graph answers it.
 */
export async function readSchedules(
  gateway: GraphGateway,
  queries: readonly ScheduleQuery[],
  window: { start: Date; end: Date },
  options: ReadSchedulesOptions = {},
): Promise<Map<string, Keyed<ScheduleInformation[]>>> {
  const span = window.end.getTime() - window.start.getTime();
  if (!(span > 0 && span < MAX_WINDOW_MS)) {
    throw new AppError(
      "GRAPH.BAD_REQUEST",
      "A getSchedule window must be non-empty and shorter than 62 days",
    );
  }
  const tooMany = queries.find((q) => q.schedules.length === 0 || q.schedules.length > MAX_SCHEDULES);
  if (tooMany) {
    throw new AppError(
      "GRAPH.BAD_REQUEST",
      `getSchedule takes 1 to ${MAX_SCHEDULES} schedules; ${tooMany.organizer} has ${tooMany.schedules.length}`,
    );
  }
  const organizers = new Set(queries.map((q) => q.organizer.toLowerCase()));
  if (organizers.size !== queries.length) {
    throw new AppError(
      "GRAPH.BAD_REQUEST",
      "One getSchedule query per organizer: the answer is keyed by organizer",
    );
  }
  const interval = options.availabilityViewInterval ?? 30;
  if (!Number.isInteger(interval) || interval < 5 || interval > 1440) {
    throw new AppError(
      "GRAPH.BAD_REQUEST",
      `availabilityViewInterval must be 5 to 1440 minutes, not ${interval}`,
    );
  }
  const answers = await runBatched(
    gateway,
    queries.map((query) => ({
      key: query.organizer,
      group: query.organizer.toLowerCase(),
      request: {
        method: "POST" as const,
        url: `/users/${encodeURIComponent(query.organizer)}/calendar/getSchedule`,
        headers: { Prefer: 'outlook.timezone="UTC"' },
        body: {
          schedules: [...query.schedules],
          startTime: utc(window.start),
          endTime: utc(window.end),
          availabilityViewInterval: interval,
        },
        // An action that only reads: running it twice changes nothing.
        retrySafe: true,
      },
    })),
    { concurrency: options.concurrency ?? 4, perGroupInFlight: 4 },
  );
  const out = new Map<string, Keyed<ScheduleInformation[]>>();
  for (const query of queries) {
    const answer = answers.get(query.organizer)!;
    if (!answer.ok) {
      out.set(query.organizer, { ok: false, error: answer.error });
      continue;
    }
    const parsed = answerSchema.safeParse(answer.body);
    out.set(
      query.organizer,
      parsed.success
        ? { ok: true, value: parsed.data.value as ScheduleInformation[] }
        : {
            ok: false,
            error: new GraphRequestError(
              "GRAPH.UNEXPECTED",
              `Not a getSchedule answer for ${query.organizer}`,
              {
                status: answer.status,
              },
            ),
          },
    );
  }
  return out;
}

/** Graph's dateTimeTimeZone for an instant: the wall clock in UTC without offset, and the zone named. */
function utc(instant: Date): { dateTime: string; timeZone: string } {
  return { dateTime: instant.toISOString().replace(/Z$/, ""), timeZone: "UTC" };
}
