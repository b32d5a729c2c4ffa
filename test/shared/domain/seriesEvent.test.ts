import { describe, expect, it } from "vitest";
import { defaultCadencePolicy } from "../../../shared/domain/cadencePolicy.js";
import { seriesEvent } from "../../../shared/domain/seriesEvent.js";
import { seriesTransactionId } from "../../../shared/domain/seriesTransactionId.js";

const slot = {
  start: "2027-03-15T14:00:00.000Z",
  end: "2027-03-15T14:30:00.000Z",
  weekday: "monday" as const,
  localTime: "15:00",
  occurrences: [{ start: "2027-03-15T14:00:00.000Z", end: "2027-03-15T14:30:00.000Z" }],
  managerTimeZone: "Europe/Rome",
  reportTimeZone: "America/New_York",
};
const people = {
  managerUpn: "anna@contoso.com",
  managerName: "Anna Rossi",
  reportUpn: "marco@contoso.com",
  reportName: "Marco <script>alert(1)</script>",
  organizerTimeZone: "W. Europe Standard Time",
};

describe("seriesEvent", () => {
  it("books the slot in the organizer's zone as Graph named it, bi-weekly on its weekday, with Teams", () => {
    const event = seriesEvent(people, slot, defaultCadencePolicy, "tx-1");
    expect(event).toMatchObject({
      transactionId: "tx-1",
      subject: "Anna / Marco 1:1",
      start: { dateTime: "2027-03-15T15:00:00.0000000", timeZone: "W. Europe Standard Time" },
      end: { dateTime: "2027-03-15T15:30:00.0000000", timeZone: "W. Europe Standard Time" },
      attendees: [{ type: "required", emailAddress: { address: "marco@contoso.com" } }],
      isOnlineMeeting: true,
      onlineMeetingProvider: "teamsForBusiness",
      recurrence: {
        pattern: { type: "weekly", interval: 2, daysOfWeek: ["monday"], firstDayOfWeek: "monday" },
        range: { type: "noEnd", startDate: "2027-03-15", recurrenceTimeZone: "W. Europe Standard Time" },
      },
    });
    expect(event.body?.contentType).toBe("html");
    expect(event.body?.content).not.toContain("<script>");
  });

  it("ends after N occurrences when the policy says so", () => {
    const policy = { newSeries: { ...defaultCadencePolicy.newSeries, numberOfOccurrences: 26 } };
    expect(seriesEvent(people, slot, policy, "tx").recurrence?.range).toMatchObject({
      type: "numbered",
      numberOfOccurrences: 26,
    });
  });
});

describe("seriesTransactionId", () => {
  it("is the same for the same pair, generation and slot, different otherwise, and GUID-shaped", () => {
    const a = seriesTransactionId("m", "r", 1, slot.start);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(seriesTransactionId("m", "r", 1, slot.start)).toBe(a);
    expect(seriesTransactionId("m", "r", 2, slot.start)).not.toBe(a);
    expect(seriesTransactionId("m", "r", 1, slot.end)).not.toBe(a);
    expect(seriesTransactionId("m", "r2", 1, slot.start)).not.toBe(a);
  });
});
