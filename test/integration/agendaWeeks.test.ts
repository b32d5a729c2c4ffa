// Four simulated weeks of agenda delivery through the real parts: a generated tenant in the simulator over HTTPS
// (calendars, Bot Connector, the channel signing card presses), the agenda tables on Azurite, the bot endpoint in
// the local Functions host. The timer runs in this process at every 15-minute step of the simulator's clock; the
// assertions read what the simulator's Bot Connector recorded and compare it with the calendar.
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type RunningHost, startHost } from "../../dev/host/startHost.js";
import { createTrustingFetch } from "../../dev/sim/core/trustingFetch.js";
import { generateTenant } from "../../dev/sim/generate/generateTenant.js";
import { type Simulator, startSimulator } from "../../dev/sim/server.js";
import { simulatorGateway } from "../../dev/sim/simulatorGateway.js";
import { simulatorSettings } from "../../dev/sim/simulatorSettings.js";
import { parseFixture } from "../../dev/sim/tenant.js";
import { agendaCardPartsReal } from "../../shared/composition/agendaCardPartsReal.js";
import { gatewayFromSettings } from "../../shared/composition/gatewayFromSettings.js";
import { scanGraphFromGateway } from "../../shared/composition/scanGraphFromGateway.js";
import { teamsDeliveryFromSettings } from "../../shared/composition/teamsDeliveryFromSettings.js";
import { upcomingCalendarFromGateway } from "../../shared/composition/upcomingCalendarFromGateway.js";
import { parseSettings } from "../../shared/config.js";
import { agendaText } from "../../shared/domain/agenda/agendaText.js";
import type { Occurrence } from "../../shared/domain/agenda/agendaTypes.js";
import { CARD_VERBS } from "../../shared/domain/agenda/cardVerbs.js";
import { defaultCadencePolicy } from "../../shared/domain/cadencePolicy.js";
import { pairOccurrences } from "../../shared/domain/pairOccurrences.js";
import { AgendaTableStore } from "../../shared/store/agendaTableStore.js";
import { MemoryScanStore } from "../../shared/store/memoryScanStore.js";
import { agendaPairKey } from "../../shared/usecases/agendaPairKey.js";
import type { TrackedPair } from "../../shared/usecases/ports/trackedPairs.js";
import { runScanInProcess } from "../../shared/usecases/runScanInProcess.js";
import { type SendAgendasPorts, sendAgendas } from "../../shared/usecases/sendAgendas.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const STEP = 15 * MINUTE;
const WEEKS = 4;
const TRACKED = new Set(["healthy", "belowTarget", "scheduled"]);

let sim: Simulator;
let host: RunningHost;

beforeAll(async () => {
  sim = await startSimulator({ fixture: parseFixture(generateTenant({ users: 70, seed: 21 }).fixture) });
  host = await startHost({
    appDir: repoRoot,
    main: "functions/botMessages.ts",
    port: 0,
    log: () => {},
    env: hostEnv(),
  });
  sim.teams.setBotEndpoint(`${host.url}/api/messages`);
}, 90_000);
afterAll(async () => {
  await host?.close();
  await sim?.close();
});

function hostEnv(): Record<string, string> {
  return {
    AzureWebJobsStorage: inject("azuriteConnectionString"),
    CADENCE_SCAN_SCHEDULE: "0 0 2 * * *",
    ...simulatorSettings(sim),
  };
}

interface Truth {
  pair: TrackedPair;
  occurrence: Occurrence;
}

/** A card the simulator's Bot Connector holds, with the occurrence its buttons name. */
interface ShownCard {
  userId: string;
  activityId: string;
  occurrenceId: string;
  sentAt: number;
  updates: number;
  json: string;
}

function shownCards(): ShownCard[] {
  return sim.teams.conversationList().flatMap((c) =>
    c.activities.flatMap((a) => {
      const json = JSON.stringify(a.attachments ?? []);
      const id = /"occurrenceId":"([^"]+)"/.exec(json)?.[1];
      return id
        ? [
            {
              userId: c.userId,
              activityId: a.id,
              occurrenceId: id,
              sentAt: Date.parse(a.sentAt),
              updates: a.updates,
              json,
            },
          ]
        : [];
    }),
  );
}

const QUESTIONS_TITLES = new Set(
  (["en", "it", "de", "fr", "es", "ja"] as const).map((l) => agendaText(l)("card.questions")),
);

/** The question texts on a card: the three blocks after the questions title, in order. */
function questionsOf(card: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) {
      const i = node.findIndex(
        (n) =>
          (n as { type?: string }).type === "TextBlock" && QUESTIONS_TITLES.has((n as { text: string }).text),
      );
      if (i >= 0) {
        for (const block of node.slice(i + 1, i + 4))
          found.push(JSON.stringify((block as { inlines?: unknown }).inlines));
      }
      node.forEach(walk);
    } else if (node && typeof node === "object") Object.values(node).forEach(walk);
  };
  walk(card);
  return found;
}

describe("four simulated weeks of agenda cards", () => {
  it("sends one card per person per 1:1 in its lead window, updates moved and cancelled ones, carries talking points", async () => {
    const gateway = simulatorGateway(sim);
    const settings = parseSettings(hostEnv());
    const scans = new MemoryScanStore();
    const t0 = sim.clock.now();
    const run = await runScanInProcess({
      graph: scanGraphFromGateway(gateway),
      store: scans,
      clock: sim.clock,
      policy: defaultCadencePolicy,
      runSuffix: () => "weeks",
    });
    const pairs = (await scans.listPairs(run.runId)).filter((p) => TRACKED.has(p.status));
    expect(pairs.length).toBeGreaterThan(5);

    const store = await AgendaTableStore.open(inject("azuriteConnectionString"));
    const calendar = upcomingCalendarFromGateway(gateway);
    const ports: SendAgendasPorts = {
      ...agendaCardPartsReal,
      clock: sim.clock,
      pairs: { latestPairs: async () => pairs },
      calendar,
      mailboxSettings: calendar,
      teams: teamsDeliveryFromSettings(settings, gatewayFromSettings(settings)),
      store,
      tenantId: sim.tenantId,
    };

    // The calendar truth over the four weeks, read once before anything changes.
    const end = new Date(t0.getTime() + WEEKS * 7 * DAY);
    // Its last runs already send the cards of 1:1s up to a day after the four weeks.
    const horizon = new Date(+end + DAY + HOUR);
    const read = await calendar.readUpcomingOccurrences([...new Set(pairs.map((p) => p.managerId))], {
      start: t0,
      end: horizon,
    });
    const truth: Truth[] = pairs.flatMap((pair) => {
      const events = read.get(pair.managerId);
      if (!events?.ok) throw events?.error;
      return pairOccurrences(events.value, {
        managerUpn: pair.managerUpn,
        managerMail: null,
        reportUpn: pair.reportUpn,
        reportMail: null,
      })
        .filter((o) => !o.isCancelled && o.start > t0 && o.start < horizon)
        .map((occurrence) => ({ pair, occurrence }));
    });
    const byPair = new Map<string, Truth[]>();
    for (const t of truth) {
      const key = agendaPairKey(t.pair.managerId, t.pair.reportId);
      byPair.set(
        key,
        [...(byPair.get(key) ?? []), t].sort((a, b) => +a.occurrence.start - +b.occurrence.start),
      );
    }

    // Changes someone makes in Outlook along the way: one occurrence moved an hour later after its cards went out,
    // one cancelled after, one cancelled days before its window opened.
    const later = (t: Truth) =>
      +t.occurrence.start > t0.getTime() + 3 * DAY && +t.occurrence.start < +end - 3 * DAY;
    const withTwo = [...byPair.values()].filter(
      (ts) => ts.length >= 2 && ts.every((t) => +t.occurrence.start > +t0 + DAY),
    );
    const talk = withTwo[0]!;
    // Only the organizer can move an occurrence; the manager organizes most 1:1s.
    const upnOf = new Map(pairs.map((p) => [p.managerId, p.managerUpn.toLowerCase()]));
    const organized = new Set(
      [...read].flatMap(([managerId, r]) =>
        r.ok
          ? r.value
              .filter((e) => e.organizer?.emailAddress?.address?.toLowerCase() === upnOf.get(managerId))
              .map((e) => e.id)
          : [],
      ),
    );
    const candidates = truth.filter(later).filter((t) => !talk.includes(t) && organized.has(t.occurrence.id));
    const pick = (skip: Truth[]) => candidates.find((c) => !skip.some((s) => s.pair === c.pair))!;
    const moved = pick([]);
    const cancelledAfter = pick([moved]);
    const cancelledBefore = pick([moved, cancelledAfter]);
    const changes = [
      { at: +moved.occurrence.start - 12 * HOUR, t: moved, kind: "move" as const },
      { at: +cancelledAfter.occurrence.start - 6 * HOUR, t: cancelledAfter, kind: "cancel" as const },
      { at: +cancelledBefore.occurrence.start - 3 * DAY, t: cancelledBefore, kind: "cancel" as const },
    ];
    const movedTo = new Date(+moved.occurrence.start + HOUR);
    const change = async (c: (typeof changes)[number]) => {
      const url = `/users/${c.t.pair.managerId}/events/${encodeURIComponent(c.t.occurrence.id)}`;
      const [answer] = await gateway.batch([
        c.kind === "cancel"
          ? { method: "DELETE" as const, url }
          : {
              method: "PATCH" as const,
              url,
              headers: { "content-type": "application/json" },
              body: {
                start: { dateTime: movedTo.toISOString().slice(0, 19), timeZone: "UTC" },
                end: {
                  dateTime: new Date(+movedTo + (+moved.occurrence.end - +moved.occurrence.start))
                    .toISOString()
                    .slice(0, 19),
                  timeZone: "UTC",
                },
              },
            },
      ]);
      expect(answer?.ok, `${c.kind} ${c.t.occurrence.id}: ${JSON.stringify(answer)}`).toBe(true);
    };

    // Talking points through signed card presses (the simulator's control API → the host's /api/messages).
    const control = createTrustingFetch(sim.caPem);
    const [first, second] = talk;
    const talkKey = agendaPairKey(first!.pair.managerId, first!.pair.reportId);
    const press = async (userId: string, text: string, isPrivate: boolean) => {
      const card = shownCards().find((c) => c.userId === userId && c.occurrenceId === first!.occurrence.id)!;
      const res = await control(`${sim.urls.control}/teams/cardAction`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          user: userId,
          activityId: card.activityId,
          verb: CARD_VERBS.addTalkingPoint,
          data: {
            pairKey: talkKey,
            occurrenceId: first!.occurrence.id,
            talkingPointText: text,
            talkingPointPrivate: String(isPrivate),
          },
        }),
      });
      const delivery = (await res.json()) as { status: number; body: { statusCode: number } };
      expect(delivery).toMatchObject({ status: 200, body: { statusCode: 200 } });
    };
    let pressed = false;

    let last = t0;
    for (let now = sim.clock.now(); +now <= +end; now = sim.clock.now()) {
      for (const c of changes.filter((c) => c.at > +now - STEP && c.at <= +now)) await change(c);
      const result = await sendAgendas(ports);
      expect(result.failed, `run at ${now.toISOString()}`).toEqual([]);
      expect(result.uncertain).toEqual([]);
      if (!pressed && +now >= +first!.occurrence.start - 23 * HOUR) {
        await press(first!.pair.reportId, "Conference budget", false);
        await press(first!.pair.managerId, "Promotion case", true);
        pressed = true;
      }
      last = now;
      sim.clock.advance(STEP);
    }
    expect(pressed).toBe(true);

    const cards = shownCards();
    const cardsOf = (occurrenceId: string, userId: string) =>
      cards.filter((c) => c.occurrenceId === occurrenceId && c.userId === userId);
    const gone = new Set([cancelledBefore.occurrence.id]);
    let expected = 0;
    for (const { pair, occurrence } of truth) {
      // Its lead window opened before the last run (whose calendar read ends, exclusive, a day later).
      if (+occurrence.start >= +last + DAY || gone.has(occurrence.id)) continue;
      for (const userId of [pair.managerId, pair.reportId]) {
        const mine = cardsOf(occurrence.id, userId);
        expect(mine, `${occurrence.id} → ${userId}`).toHaveLength(1);
        // Inside the 24-hour lead window, on the timer's 15-minute grid.
        expect(mine[0]!.sentAt).toBeLessThan(+occurrence.start);
        expect(mine[0]!.sentAt).toBeGreaterThanOrEqual(+occurrence.start - DAY - STEP);
        expected++;
      }
    }
    expect(cards).toHaveLength(expected);
    for (const userId of [cancelledBefore.pair.managerId, cancelledBefore.pair.reportId]) {
      expect(cardsOf(cancelledBefore.occurrence.id, userId)).toEqual([]);
    }
    for (const [t, state] of [
      [moved, "updated"],
      [cancelledAfter, "cancelled"],
    ] as const) {
      for (const userId of [t.pair.managerId, t.pair.reportId]) {
        expect(cardsOf(t.occurrence.id, userId)[0]!.updates, `${state} ${userId}`).toBeGreaterThanOrEqual(1);
        const record = (await store.getDelivery(t.occurrence.id, userId))?.value;
        expect(record?.state).toBe(state);
        if (state === "updated") expect(record?.start).toBe(movedTo.toISOString());
      }
    }

    // The next card of the pair: the report's point on both, the manager's private one only on the manager's.
    const next = (userId: string) => cardsOf(second!.occurrence.id, userId)[0]!.json;
    expect(next(first!.pair.reportId)).toContain("Conference budget");
    expect(next(first!.pair.reportId)).not.toContain("Promotion case");
    expect(next(first!.pair.managerId)).toContain("Conference budget");
    expect(next(first!.pair.managerId)).toContain("Promotion case");

    // No question repeats within any four consecutive meetings of a pair (each person's cards show the same three).
    let checked = 0;
    for (const occurrences of byPair.values()) {
      const { managerId } = occurrences[0]!.pair;
      const asked = occurrences
        .map((t) => cardsOf(t.occurrence.id, managerId)[0])
        .filter((c) => c !== undefined)
        .map((c) => questionsOf(JSON.parse(c.json)));
      for (const questions of asked) expect(questions).toHaveLength(3);
      for (let i = 0; i < asked.length; i++) {
        const window = asked.slice(Math.max(0, i - 3), i + 1).flat();
        expect(
          new Set(window).size,
          JSON.stringify({ ids: occurrences.map((t) => t.occurrence.id), asked }),
        ).toBe(window.length);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(truth.length / 4);
  }, 600_000);
});
