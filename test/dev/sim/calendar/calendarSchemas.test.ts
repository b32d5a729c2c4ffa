import { describe, expect, it } from "vitest";
import {
  eventCreateSchema,
  eventPatchSchema,
  eventResponseSchema,
  getScheduleSchema,
} from "../../../../dev/sim/calendar/calendarSchemas.js";

const start = { dateTime: "2026-12-01T10:00:00", timeZone: "Europe/Rome" };
const end = { dateTime: "2026-12-01T10:30:00", timeZone: "Europe/Rome" };

describe("calendar request schemas", () => {
  it("accept an event as Graph's own examples post it, defaulting attendee type to required", () => {
    const parsed = eventCreateSchema.parse({
      subject: "1:1",
      start,
      end,
      attendees: [{ emailAddress: { address: "rob@contoso.example", name: "Rob" } }],
      isOnlineMeeting: true,
      onlineMeetingProvider: "teamsForBusiness",
    });
    expect(parsed.attendees?.[0]?.type).toBe("required");
  });

  it("require start and end on create but not on update", () => {
    expect(eventCreateSchema.safeParse({ subject: "x", start }).success).toBe(false);
    expect(eventPatchSchema.safeParse({ subject: "x" }).success).toBe(true);
  });

  it("reject values Graph does not know", () => {
    expect(eventCreateSchema.safeParse({ start, end, showAs: "away" }).success).toBe(false);
    expect(
      eventCreateSchema.safeParse({
        start,
        end,
        recurrence: {
          pattern: { type: "fortnightly", interval: 1 },
          range: { type: "noEnd", startDate: "2026-12-01" },
        },
      }).success,
    ).toBe(false);
  });

  it("let an answer come with or without a body", () => {
    expect(eventResponseSchema.safeParse(undefined).success).toBe(true);
    expect(eventResponseSchema.safeParse({ comment: "ok", sendResponse: false }).success).toBe(true);
    expect(eventResponseSchema.safeParse({ sendResponse: "no" }).success).toBe(false);
  });

  it("need schedules and a window for getSchedule", () => {
    expect(
      getScheduleSchema.safeParse({ schedules: ["a@b.c"], startTime: start, endTime: end }).success,
    ).toBe(true);
    expect(getScheduleSchema.safeParse({ schedules: [], startTime: start, endTime: end }).success).toBe(
      false,
    );
    expect(getScheduleSchema.safeParse({ schedules: ["a@b.c"], startTime: start }).success).toBe(false);
  });
});
