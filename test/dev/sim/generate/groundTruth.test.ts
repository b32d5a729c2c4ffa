// The planted statuses must be what DESIGN.md's policy yields from the fixture itself, recomputed by an
// independent oracle (its own 1:1 recognition and day-by-day recurrence expansion), so plants cannot drift.
import { describe, expect, it } from "vitest";
import { type Fixture, fixtureSchema } from "../../../../dev/sim/fixture.js";
import { type GroundTruth, generateTenant } from "../../../../dev/sim/generate/generateTenant.js";
import { expandDayByDay, oracleStatuses } from "./policyOracle.js";

const HOUR = 3_600_000;

function mismatches(fixture: Fixture, truth: GroundTruth, now: Date, sample = (_: number) => true): string[] {
  const oracle = oracleStatuses(fixture, now);
  return truth.pairs
    .filter((_, i) => sample(i))
    .flatMap((pair) => {
      const status = oracle.get(pair.reportId);
      return status === pair.status
        ? []
        : [`${pair.reportUpn}: truth ${pair.status}, oracle ${status} — ${pair.why}`];
    });
}

describe("ground truth vs an independent policy oracle", () => {
  it.each([7, 11])("agrees on every pair of a 300-user tenant (seed %i)", (seed) => {
    const { fixture, truth } = generateTenant({ users: 300, seed });
    expect(oracleStatuses(fixture).size).toBe(truth.pairs.length);
    expect(mismatches(fixture, truth, new Date(fixture.now))).toEqual([]);
  });

  it("agrees on a sample of a 2,000-user tenant", () => {
    const { fixture, truth } = generateTenant({ users: 2000, seed: 42 });
    expect(mismatches(fixture, truth, new Date(fixture.now), (i) => i % 5 === 0)).toEqual([]);
  });

  it("agrees when now sits next to a spring DST change", () => {
    const { fixture, truth } = generateTenant({ users: 300, seed: 3, now: "2027-03-29T12:00:00Z" });
    expect(truth.pairs.some((p) => p.why.includes("crosses a DST change"))).toBe(true);
    expect(mismatches(fixture, truth, new Date(fixture.now))).toEqual([]);
  });

  it("keeps every plant at least two days from every threshold", () => {
    const { fixture, truth } = generateTenant({ users: 300, seed: 7 });
    const now = Date.parse(fixture.now);
    expect(mismatches(fixture, truth, new Date(now - 47 * HOUR))).toEqual([]);
    expect(mismatches(fixture, truth, new Date(now + 47 * HOUR))).toEqual([]);
  });
});

describe("the oracle itself, on hand-checked cases", () => {
  const manager = {
    id: "m",
    displayName: "Müller, Jürgen",
    userPrincipalName: "m@x.test",
    mailboxSettings: { timeZone: "W. Europe Standard Time" },
  };
  const report = { id: "r", displayName: "Siobhán O'Brien", userPrincipalName: "r@x.test", managerId: "m" };
  const biweekly = {
    subject: "1:1",
    start: { dateTime: "2026-09-02T10:00:00.0000000", timeZone: "W. Europe Standard Time" },
    end: { dateTime: "2026-09-02T10:30:00.0000000", timeZone: "W. Europe Standard Time" },
    attendees: [{ type: "required", emailAddress: { address: "r@x.test" } }],
    recurrence: {
      pattern: { type: "weekly", interval: 2, daysOfWeek: ["wednesday"], firstDayOfWeek: "sunday" },
      range: { type: "noEnd", startDate: "2026-09-02", recurrenceTimeZone: "W. Europe Standard Time" },
    },
    createdDateTime: "2026-08-20T08:00:00Z",
  };
  const status = (events: unknown[]) =>
    oracleStatuses(
      fixtureSchema.parse({ now: "2026-11-25T09:00:00Z", users: [manager, report], events }),
    ).get("r");

  it("keeps the wall-clock time of a series across the autumn DST change", () => {
    const starts = expandDayByDay(
      biweekly.start,
      biweekly.recurrence,
      [],
      Date.parse("2026-11-05T00:00:00Z"),
    );
    expect(starts.map((s) => new Date(s).toISOString())).toEqual([
      "2026-09-02T08:00:00.000Z",
      "2026-09-16T08:00:00.000Z",
      "2026-09-30T08:00:00.000Z",
      "2026-10-14T08:00:00.000Z",
      "2026-10-28T09:00:00.000Z",
    ]);
  });

  it("classifies the basic shapes", () => {
    expect(status([{ mailbox: "m", event: biweekly }])).toBe("healthy");
    const withRoom = {
      ...biweekly,
      attendees: [...biweekly.attendees, { type: "resource", emailAddress: { address: "room@x.test" } }],
    };
    expect(status([{ mailbox: "m@x.test", event: withRoom }])).toBe("healthy");
    expect(status([{ mailbox: "m", event: biweekly, responses: { "R@x.test": "declined" } }])).toBe("lapsed");
    expect(status([{ mailbox: "m", event: { ...biweekly, isAllDay: true } }])).toBe("missing");
    const monthly = {
      ...biweekly,
      recurrence: {
        pattern: { type: "relativeMonthly", interval: 1, daysOfWeek: ["wednesday"], index: "first" },
        range: biweekly.recurrence.range,
      },
    };
    expect(status([{ mailbox: "m", event: monthly }])).toBe("belowTarget");
    const third = { type: "required", emailAddress: { address: "someone@x.test" } };
    expect(
      status([{ mailbox: "m", event: { ...biweekly, attendees: [...biweekly.attendees, third] } }]),
    ).toBe("missing");
    const future = {
      ...biweekly,
      start: { ...biweekly.start, dateTime: "2026-12-02T10:00:00.0000000" },
      end: { ...biweekly.end, dateTime: "2026-12-02T10:30:00.0000000" },
      recurrence: {
        ...biweekly.recurrence,
        range: { ...biweekly.recurrence.range, startDate: "2026-12-02" },
      },
      createdDateTime: "2026-11-20T08:00:00Z",
    };
    expect(
      status([
        { mailbox: "r", event: { ...future, attendees: [{ emailAddress: { address: "m@x.test" } }] } },
      ]),
    ).toBe("scheduled");
    expect(status([])).toBe("missing");
  });
});
