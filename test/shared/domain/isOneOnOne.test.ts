import { describe, expect, it } from "vitest";
import { isOneOnOne } from "../../../shared/domain/isOneOnOne.js";
import { attendee, event, MARA, pair, RUI } from "./pairFixtures.js";

const START = "2026-11-18T09:00:00Z";

describe("isOneOnOne", () => {
  it("recognises a meeting the manager organized with the report as required attendee", () => {
    expect(isOneOnOne(event(START), pair)).toBe(true);
  });

  it("recognises a meeting the report organized (either side organizing)", () => {
    const fromRui = event(START, {
      organizer: { emailAddress: { address: RUI } },
      attendees: [attendee(MARA)],
      responseStatus: { response: "accepted" },
    });
    expect(isOneOnOne(fromRui, pair)).toBe(true);
  });

  it("matches a side by mail or by UPN, case-insensitively", () => {
    const byUpn = event(START, {
      organizer: { emailAddress: { address: "MARA@contoso.com" } },
      attendees: [attendee("Rui.Silva@Contoso.com")],
    });
    expect(isOneOnOne(byUpn, pair)).toBe(true);
  });

  it("counts an optional attendee as a person", () => {
    expect(isOneOnOne(event(START, { attendees: [attendee(RUI, "accepted", "optional")] }), pair)).toBe(true);
    const third = event(START, {
      attendees: [attendee(RUI), attendee("ines@contoso.com", "none", "optional")],
    });
    expect(isOneOnOne(third, pair)).toBe(false);
  });

  it("ignores rooms (resource attendees)", () => {
    const withRoom = event(START, {
      attendees: [attendee(RUI), attendee("room-4@contoso.com", "accepted", "resource")],
    });
    expect(isOneOnOne(withRoom, pair)).toBe(true);
  });

  it("rejects a meeting with a third person", () => {
    expect(isOneOnOne(event(START, { attendees: [attendee(RUI), attendee("ines@contoso.com")] }), pair)).toBe(
      false,
    );
  });

  it("rejects a meeting without the report, or with the manager alone", () => {
    expect(isOneOnOne(event(START, { attendees: [attendee("ines@contoso.com")] }), pair)).toBe(false);
    expect(isOneOnOne(event(START, { attendees: [] }), pair)).toBe(false);
  });

  it("accepts the organizer also listed among the attendees", () => {
    expect(isOneOnOne(event(START, { attendees: [attendee(MARA, "organizer"), attendee(RUI)] }), pair)).toBe(
      true,
    );
  });

  it("treats an attendee without an address as a third person", () => {
    const unknown = event(START, {
      attendees: [attendee(RUI), { type: "required", emailAddress: { name: "Guest" } }],
    });
    expect(isOneOnOne(unknown, pair)).toBe(false);
  });

  it("rejects all-day events", () => {
    expect(isOneOnOne(event(START, { isAllDay: true }), pair)).toBe(false);
  });

  it("rejects a cancelled event or occurrence", () => {
    expect(isOneOnOne(event(START, { isCancelled: true }), pair)).toBe(false);
    expect(
      isOneOnOne(event(START, { type: "occurrence", seriesMasterId: "s", isCancelled: true }), pair),
    ).toBe(false);
  });

  it("rejects a meeting the report declined (attendee status in the manager's calendar)", () => {
    expect(isOneOnOne(event(START, { attendees: [attendee(RUI, "declined")] }), pair)).toBe(false);
  });

  it("rejects a meeting the manager declined, as an attendee or as the calendar owner", () => {
    const ruiOrganizes = { organizer: { emailAddress: { address: RUI } } };
    expect(isOneOnOne(event(START, { ...ruiOrganizes, attendees: [attendee(MARA, "declined")] }), pair)).toBe(
      false,
    );
    const ownerDeclined = event(START, {
      ...ruiOrganizes,
      attendees: [attendee(MARA, "none")],
      responseStatus: { response: "declined" },
    });
    expect(isOneOnOne(ownerDeclined, pair)).toBe(false);
  });

  it("counts tentative and unanswered meetings", () => {
    const tentative = event(START, {
      organizer: { emailAddress: { address: RUI } },
      attendees: [attendee(MARA, "tentativelyAccepted")],
      responseStatus: { response: "tentativelyAccepted" },
    });
    expect(isOneOnOne(tentative, pair)).toBe(true);
    expect(isOneOnOne(event(START, { attendees: [attendee(RUI, "notResponded")] }), pair)).toBe(true);
  });

  it("counts private events (sensitivity does not hide the people from the calendar owner)", () => {
    expect(isOneOnOne(event(START, { sensitivity: "private", subject: null }), pair)).toBe(true);
  });

  it("ignores a declined room", () => {
    const roomDeclined = event(START, {
      attendees: [attendee(RUI), attendee("room@contoso.com", "declined", "resource")],
    });
    expect(isOneOnOne(roomDeclined, pair)).toBe(true);
  });
});
