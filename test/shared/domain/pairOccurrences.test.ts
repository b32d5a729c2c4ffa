import type { Event } from "@microsoft/microsoft-graph-types";
import { describe, expect, it } from "vitest";
import { pairOccurrences } from "../../../shared/domain/pairOccurrences.js";

const PAIR = {
  managerUpn: "mia@contoso.com",
  managerMail: "Mia.Rossi@contoso.com",
  reportUpn: "raj@contoso.com",
  reportMail: null,
};

const event = (over: Partial<Event>): Event => ({
  id: "e1",
  type: "singleInstance",
  seriesMasterId: null,
  start: { dateTime: "2026-12-02T10:00:00.0000000", timeZone: "W. Europe Standard Time" },
  end: { dateTime: "2026-12-02T10:30:00.0000000", timeZone: "W. Europe Standard Time" },
  isAllDay: false,
  isCancelled: false,
  organizer: { emailAddress: { address: "mia.rossi@contoso.com" } },
  attendees: [
    { type: "required", emailAddress: { address: "RAJ@contoso.com" }, status: { response: "accepted" } },
  ],
  onlineMeeting: { joinUrl: "https://teams.example/j/1" },
  ...over,
});

describe("pairOccurrences", () => {
  it("keeps the pair's meetings with UTC times, series and join URL, sorted by start", () => {
    const found = pairOccurrences(
      [
        event({
          id: "later",
          start: { dateTime: "2026-12-09T09:00:00", timeZone: "UTC" },
          end: { dateTime: "2026-12-09T09:30:00", timeZone: "UTC" },
          type: "occurrence",
          seriesMasterId: "s1",
        }),
        event({}),
      ],
      PAIR,
    );
    expect(found).toEqual([
      {
        id: "e1",
        seriesMasterId: null,
        start: new Date("2026-12-02T09:00:00Z"),
        end: new Date("2026-12-02T09:30:00Z"),
        joinUrl: "https://teams.example/j/1",
        isCancelled: false,
      },
      {
        id: "later",
        seriesMasterId: "s1",
        start: new Date("2026-12-09T09:00:00Z"),
        end: new Date("2026-12-09T09:30:00Z"),
        joinUrl: "https://teams.example/j/1",
        isCancelled: false,
      },
    ]);
  });

  it("leaves out other meetings, all-day events and series masters; marks cancelled or declined ones", () => {
    const third = event({ id: "three" });
    third.attendees = [
      ...third.attendees!,
      { type: "optional", emailAddress: { address: "zoe@contoso.com" } },
    ];
    const declined = event({
      id: "declined",
      attendees: [
        { type: "required", emailAddress: { address: "raj@contoso.com" }, status: { response: "declined" } },
      ],
    });
    const found = pairOccurrences(
      [
        third,
        event({ id: "allday", isAllDay: true }),
        event({ id: "master", type: "seriesMaster" }),
        event({ id: "cancelled", isCancelled: true }),
        declined,
      ],
      PAIR,
    );
    expect(found.map((o) => [o.id, o.isCancelled])).toEqual([
      ["cancelled", true],
      ["declined", true],
    ]);
  });
});
