import { describe, expect, it } from "vitest";
import { isDeclinedByPair } from "../../../shared/domain/isDeclinedByPair.js";
import { at, attendee, event, MARA, RUI } from "./pairFixtures.js";

describe("isDeclinedByPair", () => {
  it("sees the report's decline in the attendee list and the mailbox owner's in responseStatus", () => {
    expect(isDeclinedByPair(event(at(-1)))).toBe(false);
    expect(isDeclinedByPair(event(at(-1), { attendees: [attendee(RUI, "declined")] }))).toBe(true);
    const ownCopy = event(at(-1), {
      organizer: { emailAddress: { address: RUI } },
      attendees: [attendee(MARA, "none")],
      responseStatus: { response: "declined" },
    });
    expect(isDeclinedByPair(ownCopy)).toBe(true);
  });

  it("does not take a room's refusal or a tentative answer for a decline", () => {
    const room = attendee("room-2@contoso.com", "declined", "resource");
    expect(isDeclinedByPair(event(at(-1), { attendees: [attendee(RUI), room] }))).toBe(false);
    expect(isDeclinedByPair(event(at(-1), { attendees: [attendee(RUI, "tentativelyAccepted")] }))).toBe(
      false,
    );
  });
});
