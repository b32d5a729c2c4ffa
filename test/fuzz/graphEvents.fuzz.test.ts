// Fuzzed Graph payloads through the scan's domain path: a malformed event or master is skipped, never thrown on,
// and never changes another pair's classification (DESIGN.md "Cadence policy"; issue #11 "Fuzzed inputs").
import type { Event } from "@microsoft/microsoft-graph-types";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultCadencePolicy } from "../../shared/domain/cadencePolicy.js";
import { classifyPair } from "../../shared/domain/classifyPair.js";
import type { PairAddresses } from "../../shared/domain/meetsOnlyPair.js";
import { pairCalendarFromEvents } from "../../shared/domain/pairCalendarFromEvents.js";
import { pairOccurrences } from "../../shared/domain/pairOccurrences.js";
import { pairResultSchema } from "../../shared/domain/pairResult.js";
import { AppError } from "../../shared/errors.js";
import { MemoryScanStore } from "../../shared/store/memoryScanStore.js";
import { shardFitsQueueMessage } from "../../shared/store/shardQueueMessage.js";
import type { CalendarRead, ScanGraph } from "../../shared/usecases/ports/scanPorts.js";
import type { PairRecord } from "../../shared/usecases/ports/scanRecords.js";
import { scanShard } from "../../shared/usecases/scanShard.js";
import { scanTenant } from "../../shared/usecases/scanTenant.js";
import { directoryEntry } from "../helpers/directoryEntry.js";
import { FUZZ_SEED, garbageValue, weirdDateTime, weirdTimeZone } from "./fuzzValues.js";

const NOW = new Date("2026-11-25T09:00:00Z");
const DAY = 86_400_000;
const clock = { now: () => NOW };

/** Manager m with reports a, b, c; manager n with report d: two calendars, four pairs. */
const USERS = [
  directoryEntry("m", null, { mail: "M.Mail@contoso.com" }),
  directoryEntry("a", "m"),
  directoryEntry("b", "m"),
  directoryEntry("c", "m"),
  directoryEntry("n", null),
  directoryEntry("d", "n"),
];
const PAIRS = [
  ["m", "a"],
  ["m", "b"],
  ["m", "c"],
  ["n", "d"],
] as const;
type PairKey = `${string}/${string}`;

const addressOf = (id: string) => (id === "m" ? "M.Mail@contoso.com" : `${id}@contoso.com`);

function graphLocal(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}.0000000`;
}

/** A well-formed 1:1 of (manager, report) as calendarView returns it from the manager's calendar. */
function oneOnOne(manager: string, report: string, day: number, seriesMasterId: string | null): Event {
  const start = NOW.getTime() + day * DAY;
  return {
    id: `ev-${manager}-${report}-${day}`,
    type: seriesMasterId ? "occurrence" : "singleInstance",
    seriesMasterId,
    start: { dateTime: graphLocal(start), timeZone: "UTC" },
    end: { dateTime: graphLocal(start + 30 * 60_000), timeZone: "UTC" },
    organizer: { emailAddress: { address: addressOf(manager) } },
    attendees: [
      { type: "required", emailAddress: { address: addressOf(report) }, status: { response: "accepted" } },
    ],
    isAllDay: false,
    isCancelled: false,
    createdDateTime: new Date(NOW.getTime() - 200 * DAY).toISOString(),
    responseStatus: { response: "organizer" },
  };
}

/** Each pair's real meetings: a series (bi-weekly, monthly…), ad-hoc singles, or nothing. */
const pairMeetingsArb = (manager: string, report: string) =>
  fc.oneof(
    fc.constant([] as Event[]),
    fc
      .record({ every: fc.constantFrom(7, 14, 28, 35), offset: fc.integer({ min: 0, max: 13 }) })
      .map(({ every, offset }) => {
        const events: Event[] = [];
        for (let day = -120 + offset; day < 35; day += every)
          events.push(oneOnOne(manager, report, day, `series-${manager}-${report}`));
        return events;
      }),
    // A series whose occurrences stopped: only its master can say whether it still runs.
    fc.integer({ min: 20, max: 80 }).map((stoppedDaysAgo) => {
      const events: Event[] = [];
      for (let day = -120; day < -stoppedDaysAgo; day += 14)
        events.push(oneOnOne(manager, report, day, `series-${manager}-${report}`));
      return events;
    }),
    fc
      .uniqueArray(fc.integer({ min: -120, max: 34 }), { maxLength: 5 })
      .map((days) => days.map((day) => oneOnOne(manager, report, day, null))),
  );

const baseCalendarsArb = fc.tuple(...PAIRS.map(([m, r]) => pairMeetingsArb(m, r))).map((perPair) => {
  const calendars: Record<string, Event[]> = { m: [], n: [] };
  for (const [i, [m]] of PAIRS.entries()) calendars[m]!.push(...perPair[i]!);
  return calendars;
});

/** An address one side of the pair could be written under, or junk that makes a third person. */
const pairAddressArb = (id: string) =>
  fc.oneof(
    fc.constantFrom(
      addressOf(id),
      addressOf(id).toUpperCase(),
      `${id}@CONTOSO.com`,
      ` ${addressOf(id)}`,
      `${addressOf(id)}\u200b`,
      "",
      "no-at-sign",
      `${id}@contoso.com.evil`,
    ),
    garbageValue,
  );

const attendeeArb = (ids: readonly string[]) =>
  fc.record(
    {
      type: fc.oneof(fc.constantFrom("required", "optional", "resource", "REQUIRED"), garbageValue),
      emailAddress: fc.oneof(
        fc.record({ address: fc.constantFrom(...ids).chain(pairAddressArb), name: garbageValue }),
        garbageValue,
      ),
      status: fc.oneof(
        fc.record({
          response: fc.oneof(
            fc.constantFrom("accepted", "declined", "tentativelyAccepted", "none"),
            garbageValue,
          ),
        }),
        garbageValue,
      ),
    },
    { requiredKeys: [] },
  );

const recurrenceArb = fc.record(
  {
    pattern: fc.oneof(
      fc.record(
        {
          type: fc.oneof(fc.constantFrom("weekly", "daily", "absoluteMonthly", "hourly", ""), garbageValue),
          interval: fc.oneof(
            fc.constantFrom(0, -1, -2_147_483_648, 2_147_483_647, 1e308, 0.5, Number.NaN, 2),
            garbageValue,
          ),
          daysOfWeek: fc.oneof(
            fc.constant(["monday"]),
            fc.array(garbageValue, { maxLength: 3 }),
            garbageValue,
          ),
        },
        { requiredKeys: [] },
      ),
      garbageValue,
    ),
    range: fc.oneof(
      fc.record(
        {
          type: fc.oneof(fc.constantFrom("noEnd", "endDate", "numbered", "forever"), garbageValue),
          startDate: fc.oneof(fc.constantFrom("2026-09-02", "2026-02-30", "yesterday", ""), garbageValue),
          endDate: fc.oneof(fc.constantFrom("2026-12-31", "1999-01-01", "31/12/2026"), garbageValue),
          numberOfOccurrences: fc.oneof(fc.constantFrom(0, -5, 1e9, 2.5), garbageValue),
          recurrenceTimeZone: weirdTimeZone,
        },
        { requiredKeys: [] },
      ),
      garbageValue,
    ),
  },
  { requiredKeys: [] },
);

/** Fields a malformed event may carry instead of (or besides) the good ones. */
const mutationArb = (manager: string, report: string) =>
  fc.record(
    {
      id: garbageValue,
      type: fc.oneof(
        fc.constantFrom("seriesMaster", "occurrence", "exception", "singleInstance"),
        garbageValue,
      ),
      seriesMasterId: fc.oneof(
        fc.constantFrom(`series-${manager}-${report}`, "other-series", ""),
        garbageValue,
      ),
      start: fc.oneof(
        fc.record({ dateTime: weirdDateTime, timeZone: weirdTimeZone }, { requiredKeys: [] }),
        garbageValue,
      ),
      end: fc.oneof(
        fc.record({ dateTime: weirdDateTime, timeZone: weirdTimeZone }, { requiredKeys: [] }),
        garbageValue,
      ),
      organizer: fc.oneof(
        fc.record({ emailAddress: fc.oneof(fc.record({ address: pairAddressArb(manager) }), garbageValue) }),
        garbageValue,
      ),
      attendees: fc.oneof(fc.array(attendeeArb([manager, report]), { maxLength: 4 }), garbageValue),
      isAllDay: garbageValue,
      isCancelled: garbageValue,
      createdDateTime: fc.oneof(weirdDateTime, garbageValue),
      responseStatus: fc.oneof(
        fc.record({ response: fc.oneof(fc.constantFrom("declined", "organizer", "accepted"), garbageValue) }),
        garbageValue,
      ),
      recurrence: fc.oneof(recurrenceArb, garbageValue),
    },
    { requiredKeys: [] },
  );

/** A malformed event aimed at one pair: one of its 1:1s with fields mutated, or a JSON object of anything. */
const garbageEventArb = fc.constantFrom(...PAIRS).chain(([manager, report]) =>
  fc.record({
    target: fc.constant(`${manager}/${report}` as PairKey),
    calendar: fc.constantFrom(manager, manager === "m" ? "n" : "m"),
    event: fc.oneof(
      {
        weight: 4,
        arbitrary: fc
          .tuple(fc.integer({ min: -130, max: 40 }), mutationArb(manager, report))
          .map(
            ([day, mutation]) =>
              ({ ...oneOnOne(manager, report, day, null), ...mutation }) as unknown as Event,
          ),
      },
      { weight: 1, arbitrary: fc.object({ maxDepth: 2 }).map((o) => o as unknown as Event) },
      // Not even an object: a page of calendarView whose `value` holds anything.
      { weight: 1, arbitrary: garbageValue.map((v) => v as Event) },
    ),
    /** What Graph answers when the run confirms the pair's series from its master. */
    master: fc.option(
      fc.oneof(
        {
          weight: 4,
          arbitrary: fc.tuple(fc.integer({ min: -200, max: 0 }), mutationArb(manager, report)).map(
            ([day, mutation]) =>
              ({
                ...oneOnOne(manager, report, day, null),
                id: `series-${manager}-${report}`,
                type: "seriesMaster",
                recurrence: {
                  pattern: { type: "weekly", interval: 2, daysOfWeek: ["wednesday"] },
                  range: { type: "noEnd", startDate: "2026-06-03" },
                },
                ...mutation,
              }) as unknown,
          ),
        },
        { weight: 1, arbitrary: garbageValue },
      ),
      { nil: undefined },
    ),
    position: fc.nat(),
  }),
);

/** Fuzzed masters the scans' series confirmation read: the property must reach that path too. */
let mastersRead = 0;

function graphOf(calendars: Record<string, Event[]>, masters: ReadonlyMap<string, unknown>): ScanGraph {
  return {
    listUsers: async () => USERS,
    readCalendarViews: async (mailboxes) =>
      new Map(mailboxes.map((id): [string, CalendarRead] => [id, { ok: true, value: calendars[id] ?? [] }])),
    // Masters of the series only they can settle: as given, else 404, as for a deleted series.
    readEvents: async (refs) =>
      refs.map((ref) => {
        if (!masters.has(ref.id))
          return { ok: false as const, error: new AppError("GRAPH.NOT_FOUND", "gone") };
        mastersRead++;
        return { ok: true as const, value: masters.get(ref.id) as Event };
      }),
  };
}

/** The whole scan path: directory → shards → calendars → classified pairs, keyed `manager/report`. */
async function scan(
  calendars: Record<string, Event[]>,
  masters: ReadonlyMap<string, unknown> = new Map(),
): Promise<Map<PairKey, PairRecord>> {
  const ports = {
    graph: graphOf(calendars, masters),
    store: new MemoryScanStore(),
    clock,
    policy: defaultCadencePolicy,
    runSuffix: () => "fuzz",
    shardFits: shardFitsQueueMessage,
  };
  const { run, shards } = await scanTenant(ports);
  for (const shard of shards) await scanShard(ports, shard);
  const records = await ports.store.listPairs(run.runId);
  return new Map(records.map((r) => [`${r.managerId}/${r.reportId}` as PairKey, r]));
}

const verdict = (r: PairRecord | undefined) =>
  r && {
    status: r.status,
    lastHeld: r.lastHeld,
    nextScheduled: r.nextScheduled,
    cadenceDays: r.cadenceDays,
    seriesId: r.seriesId,
    reason: r.reason,
  };

const insert = <T>(list: readonly T[], item: T, position: number): T[] => {
  const at = position % (list.length + 1);
  return [...list.slice(0, at), item, ...list.slice(at)];
};

const pairAddresses = (manager: string, report: string): PairAddresses => ({
  managerUpn: `${manager}@contoso.com`,
  managerMail: addressOf(manager),
  reportUpn: `${report}@contoso.com`,
  reportMail: addressOf(report),
});

describe("Graph events through the scan", () => {
  it("classifies every pair despite malformed events, and other pairs exactly as without them", async () => {
    await fc.assert(
      fc.asyncProperty(
        baseCalendarsArb,
        fc.array(garbageEventArb, { minLength: 1, maxLength: 3 }),
        async (base, garbage) => {
          const clean = await scan(base);
          const dirty: Record<string, Event[]> = { m: [...base.m!], n: [...base.n!] };
          const masters = new Map<string, unknown>();
          for (const g of garbage) {
            dirty[g.calendar] = insert(dirty[g.calendar]!, g.event, g.position);
            if (g.master !== undefined) masters.set(`series-${g.target.replace("/", "-")}`, g.master);
          }
          const fuzzed = await scan(structuredClone(dirty), masters);
          expect([...fuzzed.keys()].sort()).toEqual([...clean.keys()].sort());
          const targets = new Set(garbage.map((g) => g.target));
          for (const [key, record] of fuzzed) {
            expect(pairResultSchema.safeParse(record).success).toBe(true);
            if (!targets.has(key)) expect(verdict(record)).toEqual(verdict(clean.get(key)));
          }
        },
      ),
      { seed: FUZZ_SEED, numRuns: 200 },
    );
    expect(mastersRead).toBeGreaterThan(0);
  });

  it("reduces malformed series masters to a series, a non-pair master or nothing, never a throw", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.integer({ min: -130, max: 40 }), mutationArb("m", "a")).map(
            ([day, mutation]) =>
              ({
                ...oneOnOne("m", "a", day, null),
                type: "seriesMaster",
                id: "series-m-a",
                recurrence: {
                  pattern: { type: "weekly", interval: 2 },
                  range: { type: "noEnd", startDate: "2026-09-02" },
                },
                ...mutation,
              }) as unknown as Event,
          ),
          { maxLength: 3 },
        ),
        (masters) => {
          const events = [0, 14, 28].map((day) => oneOnOne("m", "a", day, "series-m-a"));
          const pair = pairAddresses("m", "a");
          const calendar = pairCalendarFromEvents({ pair, events, seriesMasters: masters });
          // The occurrences the view showed are 1:1s whatever the masters say.
          const starts = [...calendar.singles, ...calendar.series.flatMap((s) => s.occurrences)].map(
            (o) => o.start,
          );
          expect(starts.sort()).toEqual(events.map((e) => `${e.start!.dateTime!.slice(0, 19)}.000Z`));
          // Another pair's calendar from the same masters: none is its 1:1.
          const other = pairCalendarFromEvents({
            pair: pairAddresses("m", "b"),
            events,
            seriesMasters: masters,
          });
          expect(other.series).toEqual([]);
          expect(other.singles).toEqual([]);
          // Whatever recurrence a master lent the series, the cadence rules can read it.
          const managerReport = { ...pair, managerId: "m", reportId: "a", exclusion: null };
          const result = classifyPair({ pair: managerReport, calendar }, defaultCadencePolicy, NOW);
          expect(pairResultSchema.safeParse(result).success).toBe(true);
        },
      ),
      { seed: FUZZ_SEED, numRuns: 500 },
    );
  });

  it("finds the agenda's occurrences of every pair despite malformed events, others exactly as without them", () => {
    fc.assert(
      fc.property(
        baseCalendarsArb,
        fc.array(garbageEventArb, { minLength: 1, maxLength: 3 }),
        (base, garbage) => {
          const dirty = [...base.m!];
          for (const g of garbage) dirty.splice(g.position % (dirty.length + 1), 0, g.event);
          const targets = new Set(garbage.map((g) => g.target));
          for (const [manager, report] of PAIRS.filter(([m]) => m === "m")) {
            const pair = pairAddresses(manager, report);
            const found = pairOccurrences(dirty, pair);
            for (const o of found) expect(Number.isFinite(o.start.getTime())).toBe(true);
            if (!targets.has(`${manager}/${report}`)) expect(found).toEqual(pairOccurrences(base.m!, pair));
          }
        },
      ),
      { seed: FUZZ_SEED, numRuns: 300 },
    );
  });
});
