// Fuzzed mailboxSettings and getSchedule answers through the planner's availability reader: one person's malformed
// answer gives that person a coded error or an availability the slot finder can search, never a throw, and leaves
// everyone else's availability as it was.
import type { MailboxSettings, ScheduleInformation } from "@microsoft/microsoft-graph-types";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { schedulingDomain } from "../../shared/composition/schedulingDomain.js";
import { readAvailability } from "../../shared/usecases/readAvailability.js";
import {
  FUZZ_SEED,
  garbageValue,
  type Mutation,
  mutate,
  pathsOf,
  weirdDateTime,
  weirdTimeZone,
} from "./fuzzValues.js";

const NOW = new Date("2026-11-25T09:00:00Z");
const WINDOW = { start: new Date("2026-11-26T00:00:00Z"), end: new Date("2027-01-10T00:00:00Z") };
const PEOPLE = ["mia@contoso.example", "raj@contoso.example", "ana@contoso.example"] as const;

const MAILBOX: MailboxSettings = {
  timeZone: "W. Europe Standard Time",
  language: { locale: "en-US" },
  workingHours: {
    daysOfWeek: ["monday", "tuesday", "wednesday", "thursday", "friday"],
    startTime: "09:00:00.0000000",
    endTime: "17:00:00.0000000",
    timeZone: { name: "W. Europe Standard Time" },
  },
};

const scheduleOf = (scheduleId: string): ScheduleInformation => ({
  scheduleId,
  availabilityView: "0022000",
  scheduleItems: [
    {
      status: "busy",
      start: { dateTime: "2026-11-30T10:00:00.0000000", timeZone: "UTC" },
      end: { dateTime: "2026-11-30T11:00:00.0000000", timeZone: "UTC" },
    },
    {
      status: "oof",
      start: { dateTime: "2026-12-07T00:00:00.0000000", timeZone: "UTC" },
      end: { dateTime: "2026-12-12T00:00:00.0000000", timeZone: "UTC" },
    },
  ],
  workingHours: MAILBOX.workingHours!,
});

const replacement = fc.oneof(
  garbageValue,
  weirdDateTime,
  weirdTimeZone,
  fc.constantFrom(
    "25:00:00.0000000",
    "17:00",
    "09:00:00.0000000",
    "ab:cd",
    "Customized Time Zone",
    ["monday", "Funday"],
    { name: "Customized Time Zone", bias: 480 },
    { name: "Customized Time Zone", bias: 1e9 },
    { bias: -60, standardOffset: { month: 13 }, daylightOffset: { month: 0, daylightBias: -60 } },
    "9".repeat(500),
    "busy",
    "",
  ),
);

const mutationsOf = (base: unknown): fc.Arbitrary<Mutation[]> =>
  fc.array(
    fc.record({
      path: fc.constantFrom(...pathsOf(base).filter((p) => p.length > 0)),
      change: fc.oneof(
        { weight: 4, arbitrary: replacement.map((value) => ({ set: value })) },
        { weight: 1, arbitrary: fc.constant({ remove: true as const }) },
      ),
    }),
    { minLength: 1, maxLength: 3 },
  );

/** Whose answer is malformed, which answer, and how. */
const faultArb = fc.record({
  who: fc.constantFrom(...PEOPLE),
  mailbox: fc.oneof(mutationsOf(MAILBOX), fc.constant([] as Mutation[])),
  schedule: fc.oneof(mutationsOf(scheduleOf("x")), fc.constant([] as Mutation[])),
  wholly: fc.option(garbageValue, { nil: undefined }),
});

type FaultValue = { who: string; mailbox: Mutation[]; schedule: Mutation[]; wholly: unknown };

async function read(fault?: FaultValue) {
  const mailboxFor = (upn: string): unknown => {
    if (fault?.who !== upn) return MAILBOX;
    return fault.wholly !== undefined ? fault.wholly : mutate(MAILBOX, fault.mailbox);
  };
  const scheduleFor = (upn: string): unknown =>
    fault?.who === upn ? { ...mutate(scheduleOf(upn), fault.schedule), scheduleId: upn } : scheduleOf(upn);
  return readAvailability(
    {
      toAvailability: schedulingDomain.toAvailability,
      graph: {
        readMailboxSettings: async (users: readonly string[]) =>
          new Map(users.map((u) => [u, { ok: true as const, value: mailboxFor(u) as MailboxSettings }])),
        readSchedules: async (queries: readonly { organizer: string; schedules: readonly string[] }[]) =>
          new Map(
            queries.map((q) => [
              q.organizer,
              { ok: true as const, value: q.schedules.map((s) => scheduleFor(s) as ScheduleInformation) },
            ]),
          ),
      } as unknown as Parameters<typeof readAvailability>[0]["graph"],
    },
    [{ managerUpn: PEOPLE[0], reportUpns: [PEOPLE[1], PEOPLE[2]] }],
    WINDOW,
  );
}
describe("mailboxSettings and getSchedule answers under fuzzed input", () => {
  it("give the person a coded error or a searchable availability, and leave the others as they were", async () => {
    const clean = await read();
    for (const upn of PEOPLE) expect(clean.get(upn)?.ok).toBe(true);
    let usable = 0;
    await fc.assert(
      fc.asyncProperty(faultArb, async (fault) => {
        const fuzzed = await read(fault);
        for (const upn of PEOPLE) {
          const answer = fuzzed.get(upn);
          expect(answer).toBeDefined();
          if (upn !== fault.who) {
            expect(answer).toEqual(clean.get(upn));
            continue;
          }
          if (!answer!.ok) {
            expect(answer!.error.code).toMatch(/^[A-Z]+\.[A-Z_]+$/);
            continue;
          }
          usable++;
          const other = upn === PEOPLE[0] ? clean.get(PEOPLE[1])! : clean.get(PEOPLE[0])!;
          if (!other.ok) throw other.error;
          const [manager, report] =
            upn === PEOPLE[0] ? [answer!.value, other.value] : [other.value, answer!.value];
          const search = schedulingDomain.findSlots({
            now: NOW,
            manager: manager.availability,
            report: report.availability,
          });
          if (search.ok) {
            for (const slot of search.slots) expect(Number.isFinite(slot.start.getTime())).toBe(true);
          } else expect(search.code).toBe("SLOT.NONE_FOUND");
        }
      }),
      { seed: FUZZ_SEED, numRuns: 300 },
    );
    expect(usable).toBeGreaterThan(0);
  });
});
