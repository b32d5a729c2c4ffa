// Fires timer-trigger functions from NCRONTAB (seconds first) or TimeSpan schedules, in UTC unless
// WEBSITE_TIME_ZONE names another zone, as the host does.
import { Cron } from "croner";
import type { TimerFunctionSpec } from "./functionSpecs.js";

/** The timer payload the host sends; the library camel-cases it into the handler's `Timer`. */
export interface TimerPayload {
  Schedule: { AdjustForDST: boolean };
  ScheduleStatus: { Last: string; Next: string; LastUpdated: string } | null;
  IsPastDue: boolean;
}

export type FireTimer = (spec: TimerFunctionSpec, payload: TimerPayload, reason: string) => Promise<void>;

/** How late an occurrence may fire before the handler sees `isPastDue`. */
const PAST_DUE_MS = 1000;

export class TimerScheduler {
  readonly #stops: (() => void)[] = [];

  constructor(
    private readonly fire: FireTimer,
    private readonly timezone: string | undefined,
  ) {}

  schedule(spec: TimerFunctionSpec): void {
    if (spec.intervalMs !== undefined) {
      this.#interval(spec, spec.intervalMs);
      return;
    }
    let last = new Date();
    let running = false;
    const job = new Cron(
      spec.schedule,
      { mode: "5-or-6-parts", domAndDow: true, timezone: this.timezone ?? "UTC" },
      () => {
        // The host never overlaps invocations of one timer; a tick during a run is skipped.
        if (running) return;
        const due = expected ?? new Date();
        const now = new Date();
        expected = job.nextRun() ?? undefined;
        const payload = status(last, expected, now, now.getTime() - due.getTime() > PAST_DUE_MS);
        last = due;
        running = true;
        void this.fire(spec, payload, `Timer fired at ${now.toISOString()}`).finally(() => {
          running = false;
        });
      },
    );
    let expected: Date | undefined = job.nextRun() ?? undefined;
    this.#stops.push(() => job.stop());
  }

  #interval(spec: TimerFunctionSpec, ms: number): void {
    let last = new Date();
    let running = false;
    const handle = setInterval(() => {
      if (running) return;
      const now = new Date();
      const payload = status(last, new Date(now.getTime() + ms), now, false);
      last = now;
      running = true;
      void this.fire(spec, payload, `Timer fired at ${now.toISOString()}`).finally(() => {
        running = false;
      });
    }, ms);
    this.#stops.push(() => clearInterval(handle));
  }

  /** The payload for an out-of-schedule run (runOnStartup, admin invoke). */
  static adHoc(spec: TimerFunctionSpec, timezone: string | undefined): TimerPayload {
    const now = new Date();
    let next: Date;
    if (spec.intervalMs !== undefined) next = new Date(now.getTime() + spec.intervalMs);
    else {
      const cron = new Cron(spec.schedule, {
        paused: true,
        mode: "5-or-6-parts",
        domAndDow: true,
        timezone: timezone ?? "UTC",
      });
      next = cron.nextRun() ?? now;
      cron.stop();
    }
    return status(now, next, now, false);
  }

  stop(): void {
    for (const stop of this.#stops.splice(0)) stop();
  }
}

function status(last: Date, next: Date | undefined, updated: Date, isPastDue: boolean): TimerPayload {
  return {
    Schedule: { AdjustForDST: true },
    ScheduleStatus: {
      Last: last.toISOString(),
      Next: (next ?? updated).toISOString(),
      LastUpdated: updated.toISOString(),
    },
    IsPastDue: isPastDue,
  };
}
