// Synthetic tenants for the simulator (`--generate users=N,seed=S`): a realistic org with busy calendars and a
// planted mix of pair statuses, plus the ground truth a correct implementation of DESIGN.md must report.
import { DateTime } from "luxon";
import type { Fixture, FixtureEventEntry, FixtureUser } from "../fixture.js";
import { type GenerateOptions, GenerateSpecError, generateOptionsSchema } from "./generateOptions.js";
import type { GroundTruth, GroundTruthPair, PairStatus } from "./groundTruth.js";
import { buildNoise } from "./noise.js";
import type { Person } from "./orgChart.js";
import { buildOrgChart } from "./orgChart.js";
import { type PlantedStatus, plantPair } from "./pairPlants.js";
import { PLANT_POLICY } from "./plantPolicy.js";
import { Prng } from "./prng.js";

export {
  DEFAULT_GENERATE_NOW,
  type GenerateOptions,
  GenerateSpecError,
  generateOptionsSchema,
  parseGenerateSpec,
} from "./generateOptions.js";
export { type GroundTruth, type GroundTruthPair, groundTruthSchema, type PairStatus } from "./groundTruth.js";

/** The planted share of each status among pairs (DESIGN.md statuses; "excluded" = report without a mailbox). */
export const STATUS_MIX: Readonly<Record<PairStatus, number>> = {
  healthy: 0.45,
  belowTarget: 0.15,
  scheduled: 0.08,
  lapsed: 0.12,
  missing: 0.17,
  excluded: 0.03,
};

const ROOM_DOMAIN = "contoso.onmicrosoft.com";

export function generateTenant(opts: GenerateOptions): { fixture: Fixture; truth: GroundTruth } {
  const parsed = generateOptionsSchema.safeParse(opts);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new GenerateSpecError(`Bad generate options: ${problems.join("; ")}`);
  }
  const { users, seed, now: nowIso } = parsed.data;
  const now = DateTime.fromISO(nowIso, { zone: "utc" });
  // Independent streams, so that tuning the noise does not reshuffle the org or the plants of the same seed.
  const orgRng = new Prng(seed);
  const plantRng = new Prng((seed ^ 0x5bd1e995) >>> 0);
  const noiseRng = new Prng((seed ^ 0x27d4eb2f) >>> 0);

  const people = buildOrgChart(users, orgRng);
  const byId = new Map(people.map((p) => [p.id, p]));
  const leaves = people.filter((p) => p.directs.length === 0);

  const pairs = people.filter((p) => p.managerId !== null);
  const excludedCount = Math.min(Math.round(pairs.length * STATUS_MIX.excluded), leaves.length);
  const excluded = new Set(plantRng.shuffle([...leaves]).slice(0, excludedCount));
  for (const person of excluded) person.hasMailbox = false;
  const disabledCount = Math.max(1, Math.round(users * 0.015));
  const disabled = plantRng.shuffle(leaves.filter((p) => !excluded.has(p))).slice(0, disabledCount);
  for (const person of disabled) person.accountEnabled = false;

  const planted = pairs.filter((p) => p.accountEnabled && p.hasMailbox);
  const statuses = plantRng.shuffle(allocate(planted.length + excluded.size, excluded.size));

  const pairEvents: FixtureEventEntry[] = [];
  const truthByReport = new Map<string, GroundTruthPair>();
  const context = {
    rng: plantRng,
    now,
    until: now.plus({ days: PLANT_POLICY.lookaheadDays + 60 }),
    roomDomain: ROOM_DOMAIN,
  };
  planted.forEach((report, i) => {
    const manager = byId.get(report.managerId!)!;
    const status = statuses[i]!;
    const plant = plantPair(status, manager, report, context);
    pairEvents.push(...plant.events.map((e) => e.entry));
    truthByReport.set(report.id, truthPair(manager, report, status, plant.why));
  });
  for (const report of excluded) {
    const manager = byId.get(report.managerId!)!;
    truthByReport.set(
      report.id,
      truthPair(manager, report, "excluded", "the report has no Exchange Online mailbox"),
    );
  }

  const noise = buildNoise(people, noiseRng, now, ROOM_DOMAIN);
  assertNoiseFormsNoPair(noise, people);

  const fixture: Fixture = {
    now: nowIso,
    tenantId: orgRng.uuid(),
    users: people.map(toFixtureUser),
    events: [...pairEvents, ...noise],
  };
  const truth: GroundTruth = {
    now: nowIso,
    pairs: people.flatMap((p) => {
      const pair = truthByReport.get(p.id);
      return pair ? [pair] : [];
    }),
  };
  return { fixture, truth };
}

/** Exact counts per status by largest remainder, so small tenants still get the planned mix. */
function allocate(total: number, excludedCount: number): PlantedStatus[] {
  const planted = Object.entries(STATUS_MIX).filter(([s]) => s !== "excluded") as Array<
    [PlantedStatus, number]
  >;
  const share = planted.reduce((sum, [, w]) => sum + w, 0);
  const slots = total - excludedCount;
  const exact = planted.map(([status, w]) => ({ status, value: (slots * w) / share }));
  const counts = exact.map((e) => ({ status: e.status, count: Math.floor(e.value), rest: e.value % 1 }));
  let left = slots - counts.reduce((sum, c) => sum + c.count, 0);
  for (const c of [...counts].sort((a, b) => b.rest - a.rest)) {
    if (left-- <= 0) break;
    c.count++;
  }
  return counts.flatMap((c) => new Array<PlantedStatus>(c.count).fill(c.status));
}

function truthPair(manager: Person, report: Person, status: PairStatus, why: string): GroundTruthPair {
  return {
    managerId: manager.id,
    reportId: report.id,
    managerUpn: manager.upn,
    reportUpn: report.upn,
    status,
    why,
  };
}

function toFixtureUser(person: Person): FixtureUser {
  const wh = person.workingHours;
  return {
    id: person.id,
    displayName: person.displayName,
    givenName: person.givenName,
    surname: person.surname,
    userPrincipalName: person.upn,
    mail: person.hasMailbox ? person.upn : null,
    department: person.department,
    jobTitle: person.jobTitle,
    officeLocation: person.site.city,
    accountEnabled: person.accountEnabled,
    managerId: person.managerId,
    hasMailbox: person.hasMailbox,
    ...(person.hasMailbox
      ? {
          mailboxSettings: {
            timeZone: person.site.timeZone,
            workingHours: {
              daysOfWeek: [...wh.days],
              startTime: `${wh.start}:00.0000000`,
              endTime: `${wh.end}:00.0000000`,
              timeZone: { name: person.site.timeZone },
            },
          },
        }
      : {}),
  };
}

/** A bug guard: background meetings must never look like a manager/report 1:1, or the truth would be wrong. */
function assertNoiseFormsNoPair(noise: readonly FixtureEventEntry[], people: readonly Person[]): void {
  const byKey = new Map<string, Person>();
  for (const p of people) {
    byKey.set(p.id, p);
    byKey.set(p.upn, p);
  }
  for (const entry of noise) {
    const organizer = byKey.get(entry.mailbox)!;
    const others = entry.event.attendees
      .filter((a) => a.type !== "resource")
      .map((a) => a.emailAddress.address);
    const set = new Set([organizer.upn, ...others]);
    if (set.size !== 2) continue;
    const [a, b] = [...set].map((k) => byKey.get(k));
    if (a && b && (a.managerId === b.id || b.managerId === a.id)) {
      throw new Error(
        `Generator bug: background event "${entry.event.subject}" is a 1:1 of ${a.upn} and ${b.upn}`,
      );
    }
  }
}
