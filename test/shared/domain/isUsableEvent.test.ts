import type { Event } from "@microsoft/microsoft-graph-types";
import { describe, expect, it } from "vitest";
import { isUsableEvent } from "../../../shared/domain/isUsableEvent.js";
import { at, event } from "./pairFixtures.js";

describe("isUsableEvent", () => {
  it("accepts Graph's events, with nulls and fields left out of $select", () => {
    expect(isUsableEvent(event(at(-1)))).toBe(true);
    expect(isUsableEvent({ id: "x", start: null, attendees: null, recurrence: null })).toBe(true);
    expect(isUsableEvent({})).toBe(true);
  });

  it("refuses a field of the wrong type and a creation time that is no instant", () => {
    expect(isUsableEvent({ ...event(at(-1)), attendees: "rui@contoso.com" } as unknown as Event)).toBe(false);
    expect(
      isUsableEvent({ ...event(at(-1)), organizer: { emailAddress: { address: 7 } } } as unknown as Event),
    ).toBe(false);
    expect(isUsableEvent({ ...event(at(-1)), createdDateTime: "last week" })).toBe(false);
    expect(
      isUsableEvent({ ...event(at(-1)), recurrence: { pattern: { interval: 0.5 } } } as unknown as Event),
    ).toBe(false);
    expect(isUsableEvent(null)).toBe(false);
    expect(isUsableEvent("event")).toBe(false);
  });
});
