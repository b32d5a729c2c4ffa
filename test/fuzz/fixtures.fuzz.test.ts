// Fuzzed tenant fixtures: a mutated or random fixture loads into the simulator or fails with its fixture error
// naming the bad field's path, never with a crash from deep inside the directory or the calendars.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createTenant } from "../../dev/sim/tenant.js";
import { FUZZ_SEED, garbageValue, mutate, pathsOf, weirdDateTime, weirdTimeZone } from "./fuzzValues.js";

const DAY = 86_400_000;
const MIA = "aaaaaaaa-0000-4000-8000-000000000001";
const RAJ = "aaaaaaaa-0000-4000-8000-000000000002";

/** A small valid tenant: a manager and a report in two zones, a bi-weekly series with an exception, a single. */
const BASE = {
  now: "2026-11-25T09:00:00Z",
  tenantId: "11111111-2222-4333-8444-555555555555",
  users: [
    {
      id: MIA,
      displayName: "Mia Manager",
      userPrincipalName: "mia@contoso.example",
      mail: "mia@contoso.example",
      department: "Sales",
      mailboxSettings: {
        timeZone: "Europe/Rome",
        workingHours: {
          daysOfWeek: ["monday", "tuesday", "wednesday", "thursday", "friday"],
          startTime: "09:00:00.0000000",
          endTime: "17:00:00.0000000",
          timeZone: { name: "W. Europe Standard Time" },
        },
      },
    },
    {
      id: RAJ,
      displayName: "Raj Report",
      userPrincipalName: "raj@contoso.example",
      mail: "raj@contoso.example",
      managerId: MIA,
      mailboxSettings: { timeZone: "India Standard Time" },
    },
  ],
  events: [
    {
      mailbox: "mia@contoso.example",
      event: {
        subject: "Mia / Raj",
        start: { dateTime: "2026-09-02T10:00:00", timeZone: "Europe/Rome" },
        end: { dateTime: "2026-09-02T10:30:00", timeZone: "Europe/Rome" },
        attendees: [{ type: "required", emailAddress: { address: "raj@contoso.example" } }],
        recurrence: {
          pattern: { type: "weekly", interval: 2, daysOfWeek: ["wednesday"] },
          range: { type: "noEnd", startDate: "2026-09-02" },
        },
        createdDateTime: "2026-08-20T08:00:00Z",
      },
      exceptions: [
        {
          originalStart: "2026-09-16T10:00:00",
          start: { dateTime: "2026-09-17T11:00:00", timeZone: "Europe/Rome" },
          end: { dateTime: "2026-09-17T11:30:00", timeZone: "Europe/Rome" },
        },
      ],
      cancelledOccurrences: ["2026-09-30"],
      responses: { "raj@contoso.example": "accepted" },
    },
    {
      mailbox: RAJ,
      event: {
        subject: "Quick sync",
        start: { dateTime: "2026-11-20T09:00:00", timeZone: "India Standard Time" },
        end: { dateTime: "2026-11-20T09:15:00", timeZone: "India Standard Time" },
        attendees: [{ emailAddress: { address: "mia@contoso.example" } }],
      },
    },
  ],
};

const PATHS = pathsOf(BASE).filter((p) => p.length > 0);

/** The value a field is replaced with: something of the wrong kind, or an odd date, zone, number or address. */
const replacement = fc.oneof(
  garbageValue,
  weirdDateTime,
  weirdTimeZone,
  fc.constantFrom(
    MIA,
    RAJ,
    "mia@contoso.example",
    "nobody@contoso.example",
    "2026-02-30",
    "2026-09-16T10:00:00",
    0,
    -5,
    2_147_483_647,
    1e9,
    [],
    {},
    "relativeMonthly",
    "numbered",
    "endDate",
    "hourly",
    "declined",
  ),
);

const mutationArb = fc.record({
  path: fc.constantFrom(...PATHS),
  change: fc.oneof(
    { weight: 4, arbitrary: replacement.map((value) => ({ set: value })) },
    { weight: 1, arbitrary: fc.constant({ remove: true as const }) },
  ),
});

/** A fixture error names where it is: `users[1].managerId: …`, `events[0].exceptions: …`, `now: …`. */
const NAMES_A_PATH = /(^|\n\s*)(\(root\)|now|tenantId|users|events)(\[\d+\])?[.:[]/;

function load(fixture: unknown): "loaded" | Error {
  let tenant: ReturnType<typeof createTenant>;
  try {
    tenant = createTenant(fixture);
  } catch (err) {
    return err as Error;
  }
  // A loaded tenant serves its calendars: no crash waits in them for the first scan.
  const now = tenant.clock.now().getTime();
  for (const user of tenant.fixture.users) {
    const mailbox = tenant.directory?.get(user.id);
    if (mailbox)
      tenant.calendar?.calendarView(mailbox.id, new Date(now - 200 * DAY), new Date(now + 60 * DAY));
  }
  return "loaded";
}

describe("tenant fixtures under fuzzed input", () => {
  it("loads the base fixture", () => {
    expect(load(BASE)).toBe("loaded");
  });

  it("loads a mutated fixture or refuses it with a fixture error naming the bad path", () => {
    let refused = 0;
    fc.assert(
      fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (mutations) => {
        const outcome = load(mutate(BASE, mutations));
        if (outcome === "loaded") return;
        refused++;
        expect((outcome as { code?: string }).code, String(outcome.stack)).toMatch(/^SIM\.[A-Z_]+$/);
        expect(outcome.message).toMatch(NAMES_A_PATH);
      }),
      { seed: FUZZ_SEED, numRuns: 1000 },
    );
    expect(refused).toBeGreaterThan(0);
  });

  it("refuses any JSON that is not a fixture with a fixture error", () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue({ maxDepth: 4 }), garbageValue), (value) => {
        const outcome = load(value);
        if (outcome === "loaded") return;
        expect((outcome as { code?: string }).code, String(outcome.stack)).toMatch(/^SIM\.[A-Z_]+$/);
        expect(outcome.message).toMatch(NAMES_A_PATH);
      }),
      { seed: FUZZ_SEED, numRuns: 300 },
    );
  });
});
