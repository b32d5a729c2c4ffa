// The simulator's own API (not Graph): what it recorded, its clock and its misbehaviour profile.
import { z } from "zod";
import type { LifecycleEvent, NotificationDelivery } from "../subscriptions/notificationOutbox.js";
import { calendarTouchSchema, lifecycleCommandSchema } from "../subscriptions/subscriptionSchemas.js";
import { GraphError, type SimClock } from "../types.js";
import type { ValidationFailure } from "./graphDispatcher.js";
import { type Profile, profileSchema } from "./profile.js";
import type { Recorder } from "./recorder.js";
import type { PlainResponse } from "./webhook.js";

export const clockCommandSchema = z.union([
  z.object({ set: z.iso.datetime({ offset: true }) }).strict(),
  z.object({ advanceMs: z.number().finite() }).strict(),
]);

export interface ControlDeps {
  recorder: Recorder;
  clock: SimClock;
  getProfile(): Profile;
  setProfile(input: unknown): Profile;
  validationFailures: readonly ValidationFailure[];
  /** Absent when the tenant serves no calendars (stand-in areas). */
  subscriptions?: {
    deliveries(): readonly NotificationDelivery[];
    clearDeliveries(): void;
    touchCalendar(mailbox: string, count?: number): unknown;
    sendLifecycle(subscriptionId: string, event: LifecycleEvent): { sent: boolean };
  };
}

export function handleControl(method: string, path: string, body: unknown, deps: ControlDeps): PlainResponse {
  const route = `${method} ${path.replace(/\/+$/, "")}`;
  switch (route) {
    case "GET /control/requests":
      return { status: 200, body: { value: deps.recorder.requests(), counters: deps.recorder.counters } };
    case "DELETE /control/requests":
      deps.recorder.clearRequests();
      return { status: 204 };
    case "GET /control/cards":
      return { status: 200, body: { value: deps.recorder.cards() } };
    case "DELETE /control/cards":
      deps.recorder.clearCards();
      return { status: 204 };
    case "GET /control/counters":
      return { status: 200, body: deps.recorder.counters };
    case "GET /control/validation":
      return { status: 200, body: { value: deps.validationFailures } };
    case "GET /control/clock":
      return { status: 200, body: { now: deps.clock.now().toISOString() } };
    case "POST /control/clock": {
      const parsed = clockCommandSchema.safeParse(body);
      if (!parsed.success) {
        return badRequest(
          'Expected {"set": "<ISO instant with offset>"} or {"advanceMs": <number>}.',
          parsed.error,
        );
      }
      if ("set" in parsed.data) deps.clock.set(new Date(parsed.data.set));
      else deps.clock.advance(parsed.data.advanceMs);
      return { status: 200, body: { now: deps.clock.now().toISOString() } };
    }
    case "GET /control/profile":
      return { status: 200, body: deps.getProfile() };
    case "PUT /control/profile": {
      const parsed = profileSchema.safeParse(body ?? {});
      if (!parsed.success) return badRequest("Invalid profile.", parsed.error);
      return { status: 200, body: deps.setProfile(parsed.data) };
    }
    case "GET /control/notifications":
      return { status: 200, body: { value: deps.subscriptions?.deliveries() ?? [] } };
    case "DELETE /control/notifications":
      deps.subscriptions?.clearDeliveries();
      return { status: 204 };
    case "POST /control/calendar/touch": {
      const parsed = calendarTouchSchema.safeParse(body);
      if (!parsed.success)
        return badRequest('Expected {"mailbox": "<id or UPN>", "count"?: <n>}.', parsed.error);
      const { mailbox, count } = parsed.data;
      return withCalendars(deps, (calendars) => calendars.touchCalendar(mailbox, count));
    }
    case "POST /control/subscriptions/lifecycle": {
      const parsed = lifecycleCommandSchema.safeParse(body);
      if (!parsed.success) {
        return badRequest(
          'Expected {"subscriptionId": "<id>", "lifecycleEvent": "missed" | "subscriptionRemoved" | "reauthorizationRequired"}.',
          parsed.error,
        );
      }
      const { subscriptionId, lifecycleEvent } = parsed.data;
      return withCalendars(deps, (calendars) => calendars.sendLifecycle(subscriptionId, lifecycleEvent));
    }
    default:
      return { status: 404, body: { error: { code: "NotFound", message: `No control endpoint ${route}.` } } };
  }
}

function badRequest(message: string, error: z.ZodError): PlainResponse {
  return {
    status: 400,
    body: { error: { code: "BadRequest", message: `${message} ${z.prettifyError(error)}` } },
  };
}

/** Runs a calendar command: 404 when the tenant serves no calendars, Graph's own error when the command fails. */
function withCalendars(
  deps: ControlDeps,
  run: (calendars: NonNullable<ControlDeps["subscriptions"]>) => unknown,
): PlainResponse {
  if (!deps.subscriptions) {
    return { status: 404, body: { error: { code: "NotFound", message: "This tenant has no calendars." } } };
  }
  try {
    return { status: 200, body: run(deps.subscriptions) };
  } catch (err) {
    if (!(err instanceof GraphError)) throw err;
    return { status: err.status, body: { error: { code: err.code, message: err.message } } };
  }
}
