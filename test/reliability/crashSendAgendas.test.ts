// Crash at every step of agenda delivery: the agenda timer (sendAgendas) over the real adapters — agenda tables on
// Azurite, calendars through the Graph gateway and cards through the real Teams delivery, both against the
// simulator over HTTPS — is killed before or after each Table write and each Bot Connector / Graph call, the timer
// fires again 15 minutes later, and the end state must equal an uninterrupted run's: one card per person per
// occurrence, the moved occurrence's cards updated once, the same delivery rows.
//
// The one step whose outcome a killed process cannot know is the card POST itself: the delivery row says `sending`
// whether the process died just before it or just after it (the Bot Connector has no idempotency key and no way
// to read a conversation back). Cadence is at-most-once there by design — never a second card — and every later run
// reports the row as `uncertain`. The harness checks exactly that for `teams.sendCard` and nothing looser.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { simulatorGateway } from "../../dev/sim/simulatorGateway.js";
import { simulatorSettings } from "../../dev/sim/simulatorSettings.js";
import { agendaCardPartsReal } from "../../shared/composition/agendaCardPartsReal.js";
import { gatewayFromSettings } from "../../shared/composition/gatewayFromSettings.js";
import { teamsDeliveryFromSettings } from "../../shared/composition/teamsDeliveryFromSettings.js";
import { upcomingCalendarFromGateway } from "../../shared/composition/upcomingCalendarFromGateway.js";
import { parseSettings } from "../../shared/config.js";
import type { Occurrence } from "../../shared/domain/agenda/agendaTypes.js";
import { pairOccurrences } from "../../shared/domain/pairOccurrences.js";
import { AgendaTableStore } from "../../shared/store/agendaTableStore.js";
import type { TrackedPair } from "../../shared/usecases/ports/trackedPairs.js";
import {
  type SendAgendasPorts,
  type SendAgendasResult,
  sendAgendas,
} from "../../shared/usecases/sendAgendas.js";
import {
  type CrashFigures,
  type CrashInjector,
  type CrashPoint,
  crashPoints,
  inPool,
  printFigures,
  runStages,
  undeclaredSteps,
} from "../helpers/crashAtStep.js";
import { diffRows, type TableRows, tableRows } from "../helpers/crashTables.js";
import { crashTenant, scanCrashTenant, simulatorPool } from "../helpers/crashTenant.js";

/** Every write a timer run makes. A write not listed here fails the test: it would not be crashed at. */
const DECLARED_STEPS = [
  "store.claimDelivery",
  "store.replaceDelivery",
  "store.releaseDelivery",
  "store.saveConversation",
  "store.recordAsked",
  "store.savePreferences",
  "store.saveTalkingPoint",
  "store.skipOccurrence",
  "teams.ensureConversation",
  "teams.sendCard",
  "teams.updateCard",
] as const;
const STORE_READS = [
  "getDelivery",
  "listShownSince",
  "findByActivity",
  "getConversation",
  "listTalkingPoints",
  "getPreferences",
  "recentAsked",
  "isSkipped",
];
const CALENDAR_READS = ["readUpcomingOccurrences", "readEventsByIds", "readMailboxSettings"];
const TRACKED = new Set(["healthy", "belowTarget", "scheduled"]);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TICK = 15 * MINUTE;
/** Crash cases run side by side: each has its own simulator and tables. */
const CONCURRENCY = 3;

const connection = inject("azuriteConnectionString");
const pool = simulatorPool();

let pairs: TrackedPair[];
/** The first timer run: one occurrence (two cards) inside the 24-hour lead window. */
let firstTick: Date;
/** The occurrence the manager moves an hour later after its cards went out. */
let moved: { managerId: string; occurrence: Occurrence };

beforeAll(async () => {
  const sim = await pool.fresh();
  const gateway = simulatorGateway(sim);
  const now = new Date(crashTenant.fixture.now);
  pairs = (await scanCrashTenant(gateway)).pairs.filter((p) => TRACKED.has(p.status));
  const calendar = upcomingCalendarFromGateway(gateway);
  const read = await calendar.readUpcomingOccurrences([...new Set(pairs.map((p) => p.managerId))], {
    start: now,
    end: new Date(now.getTime() + 14 * DAY),
  });
  const upcoming = pairs
    .flatMap((pair) => {
      const events = read.get(pair.managerId);
      if (!events?.ok) throw events?.error;
      const addresses = {
        managerUpn: pair.managerUpn,
        managerMail: null,
        reportUpn: pair.reportUpn,
        reportMail: null,
      };
      // Only the organizer can move an occurrence; the manager organizes most 1:1s.
      const organized = new Set(
        events.value
          .filter((e) => e.organizer?.emailAddress?.address?.toLowerCase() === pair.managerUpn.toLowerCase())
          .map((e) => e.id),
      );
      return pairOccurrences(events.value, addresses)
        .filter((o) => !o.isCancelled && o.start.getTime() > now.getTime() + DAY)
        .map((occurrence) => ({
          managerId: pair.managerId,
          occurrence,
          organized: organized.has(occurrence.id),
        }));
    })
    .sort((a, b) => a.occurrence.start.getTime() - b.occurrence.start.getTime());
  // The first tick 23 hours before an occurrence with no other in any tick's window (the ticks of a case,
  // restarts included, span under two hours): two cards, then both updated when the manager moves it.
  const start = (i: number) => upcoming[i]!.occurrence.start.getTime();
  const i = upcoming.findIndex(
    (u, k) =>
      u.organized &&
      (k + 1 >= upcoming.length || start(k + 1) > start(k) + 3 * HOUR) &&
      (k === 0 || start(k - 1) < start(k) - 23 * HOUR),
  );
  expect(i, "the tenant has a 1:1 on its own").toBeGreaterThanOrEqual(0);
  firstTick = new Date(start(i) - 23 * HOUR);
  moved = upcoming[i]!;
  await pool.close(sim);
}, 60_000);
afterAll(() => pool.closeAll());

interface EndState {
  rows: TableRows;
  /** Per `user occurrence`: how many cards the Bot Connector holds, how often they were replaced, what they show. */
  cards: Map<string, { cards: number; updates: number; shows: string }>;
  /** Conversations per user in the simulated Teams. */
  conversations: Map<string, number>;
  steps: string[];
  restarts: number;
  /** Every timer run's answer (re-runs included). */
  results: SendAgendasResult[];
}

async function runCase(crash?: CrashPoint): Promise<EndState> {
  const sim = await pool.fresh();
  try {
    const env = {
      AzureWebJobsStorage: connection,
      CADENCE_SCAN_SCHEDULE: "0 0 2 * * *",
      ...simulatorSettings(sim),
    };
    const settings = parseSettings(env);
    const gateway = simulatorGateway(sim, { baseDelayMs: 1, random: () => 0.5, sleep: async () => {} });
    const calendar = upcomingCalendarFromGateway(gateway);
    const teams = teamsDeliveryFromSettings(settings, gatewayFromSettings(settings));
    const prefix = `ca${randomUUID().replaceAll("-", "").slice(0, 10)}`;
    const store = await AgendaTableStore.open(connection, prefix);
    const results: SendAgendasResult[] = [];
    const { steps, restarts } = await runStages((injector: CrashInjector, restart) => {
      const tick = (stage: number): SendAgendasPorts => {
        // The timer fires every 15 minutes; a killed run's work is picked up by the next tick.
        const now = new Date(firstTick.getTime() + (stage + restart) * TICK);
        const wrappedCalendar = injector.wrap("calendar", calendar, CALENDAR_READS);
        return {
          ...agendaCardPartsReal,
          clock: { now: () => now },
          pairs: { latestPairs: async () => pairs },
          calendar: wrappedCalendar,
          mailboxSettings: wrappedCalendar,
          teams: injector.wrap("teams", teams, []),
          store: injector.wrap("store", store, STORE_READS),
          tenantId: sim.tenantId,
        };
      };
      const timer = (stage: number) => async () => results.push(await sendAgendas(tick(stage)));
      return [
        { name: "first tick", run: timer(0) },
        // The manager moves the first occurrence an hour later (Outlook, not Cadence: never killed).
        { name: "move", run: () => move(gateway) },
        { name: "tick after the move", run: timer(2) },
      ];
    }, crash);
    const rows = await tableRows(connection, prefix, {
      rewrite: (_table, row) => {
        // Simulator ids are numbered in creation order, its URLs carry its port, and updatedAt is the tick's time.
        const data = JSON.parse(String(row.data).replaceAll(`127.0.0.1:${sim.port}`, "<sim>")) as Record<
          string,
          unknown
        >;
        delete data.updatedAt;
        for (const id of ["activityId", "conversationId"]) {
          if (data[id]) data[id] = `<${id}>`;
          if (row[id]) row[id] = `<${id}>`;
        }
        return { ...row, data };
      },
    });
    const cards = new Map<string, { cards: number; updates: number; shows: string }>();
    const conversations = new Map<string, number>();
    for (const c of sim.teams.conversationList()) {
      conversations.set(c.userId, (conversations.get(c.userId) ?? 0) + 1);
      for (const a of c.activities) {
        const occurrenceId = /"occurrenceId":"([^"]+)"/.exec(JSON.stringify(a.attachments ?? []))?.[1];
        const key = `${c.userId} ${occurrenceId ?? `(no occurrence) ${a.text ?? ""}`}`;
        const seen = cards.get(key) ?? { cards: 0, updates: 0, shows: "" };
        const shows = JSON.stringify(a.attachments ?? []).replaceAll(`127.0.0.1:${sim.port}`, "<sim>");
        cards.set(key, { cards: seen.cards + 1, updates: seen.updates + a.updates, shows });
      }
    }
    return { rows, cards, conversations, steps, restarts, results };
  } finally {
    await pool.close(sim);
  }
}

async function move(gateway: ReturnType<typeof simulatorGateway>): Promise<void> {
  const to = new Date(moved.occurrence.start.getTime() + HOUR);
  const end = new Date(moved.occurrence.end.getTime() + HOUR);
  const [answer] = await gateway.batch([
    {
      method: "PATCH",
      url: `/users/${moved.managerId}/events/${encodeURIComponent(moved.occurrence.id)}`,
      headers: { "content-type": "application/json" },
      body: {
        start: { dateTime: to.toISOString().slice(0, 19), timeZone: "UTC" },
        end: { dateTime: end.toISOString().slice(0, 19), timeZone: "UTC" },
      },
    },
  ]);
  if (!answer?.ok) throw new Error(`moving the occurrence failed: ${JSON.stringify(answer)}`);
}

describe("sendAgendas: crash at every write step", () => {
  it("the next tick after a kill ends as the uninterrupted runs did; a card is never sent twice", async () => {
    const clean = await runCase();
    expect(
      undeclaredSteps(clean.steps, DECLARED_STEPS),
      "a write step the crash harness does not cover: add it to DECLARED_STEPS (it is then crashed at)",
    ).toEqual([]);
    // One occurrence, two cards, both updated once when it moved.
    expect([...clean.cards.values()].map((c) => [c.cards, c.updates])).toEqual([
      [1, 1],
      [1, 1],
    ]);
    expect(clean.results.map((r) => [r.sent, r.updated, r.uncertain.length])).toEqual([
      [2, 0, 0],
      [0, 2, 0],
    ]);

    const problems: string[] = [];
    let duplicates = 0;
    let losses = 0;
    let uncertain = 0;
    let repeatedUpdates = 0;
    const points = crashPoints(clean.steps);
    const runs = await inPool(points, CONCURRENCY, runCase);
    for (const [i, { at, mode }] of points.entries()) {
      const step = clean.steps[at]!;
      const crashed = runs[i]!;
      const where = `${mode === "lost" ? "answer lost at" : `kill ${mode}`} step ${at} (${step})`;
      expect(crashed.restarts, `${where}: the process was not killed`).toBeGreaterThan(0);
      for (const [user, n] of crashed.conversations) {
        if (n > 1) problems.push(`${where}: ${n} conversations with ${user}`);
      }
      // A card whose POST the kill made unknowable (killed after writing `sending`, before or after the POST):
      // at-most-once, its delivery row stays `sending`.
      const unknown = (crashed.rows.Deliveries ?? []).filter((r) => r.state === "sending");
      const unknownRows = unknown.map((r) => `different Deliveries ${r.partitionKey}/${r.rowKey}`);
      const unknownCards = unknown.map((r) => {
        const d = r.data as { recipientId: string; occurrenceId: string };
        return `${d.recipientId} ${d.occurrenceId}`;
      });
      if (unknown.length > 0) {
        uncertain++;
        expect(unknown, `${where}: one delivery left sending`).toHaveLength(1);
        // Every later run says so; none sends it again.
        const later = crashed.results.flatMap((r) =>
          r.uncertain.map((u) => `${u.recipientId} ${u.occurrenceId}`),
        );
        expect(later, `${where}: the uncertain card is reported`).toContain(unknownCards[0]);
      }
      for (const [key, want] of clean.cards) {
        const got = crashed.cards.get(key) ?? { cards: 0, updates: 0, shows: "" };
        if (got.cards > want.cards) {
          duplicates += got.cards - want.cards;
          problems.push(`${where}: ${got.cards} cards to ${key}`);
        }
        // Replacing a card again with the same content (a retried PUT) shows nothing twice; a card that does not
        // show what the clean run's shows lost its update.
        if (got.updates > want.updates) repeatedUpdates += got.updates - want.updates;
        const short = got.cards < want.cards || got.updates < want.updates || got.shows !== want.shows;
        if (short && !unknownCards.includes(key)) {
          losses++;
          problems.push(
            `${where}: ${key} has ${got.cards} card(s), ${got.updates} update(s)${got.shows === want.shows ? "" : ", other content"}; the clean run ${want.cards}, ${want.updates}`,
          );
        }
      }
      for (const key of crashed.cards.keys()) {
        if (!clean.cards.has(key)) {
          duplicates++;
          problems.push(`${where}: an extra card ${key}`);
        }
      }
      const diff = diffRows(clean.rows, crashed.rows).filter(
        // The uncertain delivery's own row and the questions its card asked are what at-most-once leaves behind.
        (d) =>
          unknown.length === 0 ||
          !(unknownRows.some((u) => d.startsWith(`${u}:`)) || d.startsWith("missing AskedQuestions")),
      );
      losses += diff.filter((d) => d.startsWith("missing")).length;
      duplicates += diff.filter((d) => d.startsWith("extra")).length;
      problems.push(...diff.map((d) => `${where}: ${d}`));
    }
    printFigures({
      flow: "sendAgendas",
      writeSteps: clean.steps.length,
      stepNames: clean.steps,
      cases: points.length,
      duplicates,
      losses,
      uncertain,
    } satisfies CrashFigures);
    console.log(
      `[crash harness] sendAgendas: ${repeatedUpdates} card updates repeated (same content) after a kill`,
    );
    expect(problems).toEqual([]);
  }, 900_000);
});
