import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { type Fixture, type FixtureUser, fixtureSchema } from "../../../../dev/sim/fixture.js";
import {
  type GroundTruth,
  generateTenant,
  groundTruthSchema,
  STATUS_MIX,
} from "../../../../dev/sim/generate/generateTenant.js";
import { toIanaZone } from "../../../../shared/domain/timeZone.js";

const schema = JSON.parse(
  readFileSync(
    new URL("../../../../../shared/graph-schema/graph-v1.0-subset.schema.json", import.meta.url),
    "utf8",
  ),
);
// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;
const ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true, strict: false });
addFormats(ajv);
ajv.addSchema(schema);
const validator = (definition: string) => ajv.getSchema(`urn:msgraph:v1.0:subset#/$defs/${definition}`)!;

const SOUTH_AMERICA = new Set([
  "America/Sao_Paulo",
  "America/Bogota",
  "America/Buenos_Aires",
  "America/Lima",
]);
function continentOf(zoneName: string): string {
  const iana = toIanaZone(zoneName);
  if (SOUTH_AMERICA.has(iana)) return "South America";
  if (iana.startsWith("America/")) return "North America";
  if (iana.startsWith("Australia/") || iana === "Pacific/Auckland") return "Oceania";
  return iana.split("/")[0]!;
}

function depthOf(user: FixtureUser, byId: Map<string, FixtureUser>): number {
  let depth = 1;
  for (let u = user; u.managerId; u = byId.get(u.managerId)!) depth++;
  return depth;
}

describe("generateTenant", () => {
  let small: { fixture: Fixture; truth: GroundTruth };
  let medium: { fixture: Fixture; truth: GroundTruth };
  beforeAll(() => {
    small = generateTenant({ users: 300, seed: 7 });
    medium = generateTenant({ users: 2000, seed: 42 });
  });

  it("is deterministic: same users, seed and now give byte-identical JSON", () => {
    const again = generateTenant({ users: 300, seed: 7, now: "2026-11-25T09:00:00Z" });
    expect(JSON.stringify(again)).toBe(JSON.stringify(small));
    expect(JSON.stringify(generateTenant({ users: 300, seed: 8 }).fixture)).not.toBe(
      JSON.stringify(small.fixture),
    );
    // Nothing depends on the host's zone: Node re-reads TZ, so a different host zone must change nothing.
    const hostZone = process.env.TZ;
    try {
      process.env.TZ = "Pacific/Chatham";
      expect(JSON.stringify(generateTenant({ users: 300, seed: 7 }))).toBe(JSON.stringify(small));
    } finally {
      if (hostZone === undefined) delete process.env.TZ;
      else process.env.TZ = hostZone;
    }
    expect(small.fixture.now).toBe("2026-11-25T09:00:00Z");
    expect(small.truth.now).toBe("2026-11-25T09:00:00Z");
  });

  it("satisfies the fixture schema with every default already spelled out", () => {
    for (const { fixture, truth } of [small, medium]) {
      const json = JSON.parse(JSON.stringify(fixture));
      const parsed = fixtureSchema.safeParse(json);
      expect(parsed.error).toBeUndefined();
      // Equal after parsing: no default had to be filled in, so the value already is a `Fixture`.
      expect(parsed.data).toStrictEqual(json);
      expect(groundTruthSchema.safeParse(truth).success).toBe(true);
    }
  });

  it("writes events and mailbox settings in Graph's own shapes (strict schema)", () => {
    const event = validator("microsoft.graph.event.strict");
    const recurrence = validator("microsoft.graph.patternedRecurrence.strict");
    const mailboxSettings = validator("microsoft.graph.mailboxSettings.strict");
    for (const entry of small.fixture.events) {
      expect(event(entry.event), JSON.stringify(event.errors)).toBe(true);
      if (entry.event.recurrence) {
        expect(recurrence(entry.event.recurrence), JSON.stringify(recurrence.errors)).toBe(true);
      }
    }
    for (const user of small.fixture.users) {
      if (user.mailboxSettings) expect(mailboxSettings(user.mailboxSettings)).toBe(true);
    }
  });

  it.each([10, 14, 50, 300, 2000])("shapes a %i-user org: one CEO, spans 3–12, depth ≤ 6", (users) => {
    const fixture = users === 300 ? small.fixture : generateTenant({ users, seed: users }).fixture;
    expect(fixture.users).toHaveLength(users);
    expect(new Set(fixture.users.map((u) => u.id)).size).toBe(users);
    expect(new Set(fixture.users.map((u) => u.userPrincipalName)).size).toBe(users);
    const byId = new Map(fixture.users.map((u) => [u.id, u]));
    const roots = fixture.users.filter((u) => !u.managerId);
    expect(roots).toHaveLength(1);
    expect(roots[0]!.jobTitle).toBe("Chief Executive Officer");
    const spans = new Map<string, number>();
    for (const u of fixture.users) if (u.managerId) spans.set(u.managerId, (spans.get(u.managerId) ?? 0) + 1);
    for (const span of spans.values()) {
      expect(span).toBeGreaterThanOrEqual(3);
      expect(span).toBeLessThanOrEqual(12);
    }
    const depth = Math.max(...fixture.users.map((u) => depthOf(u, byId)));
    expect(depth).toBeLessThanOrEqual(6);
    if (users >= 2000) expect(depth).toBe(6);
    const zones = fixture.users.flatMap((u) =>
      u.mailboxSettings?.timeZone ? [u.mailboxSettings.timeZone] : [],
    );
    expect(new Set(zones.map(continentOf)).size).toBeGreaterThanOrEqual(4);
  });

  it("has people as Graph returns them: both zone-name styles, part-time, awkward names, departments", () => {
    const users = medium.fixture.users;
    const zones = users.flatMap((u) => (u.mailboxSettings?.timeZone ? [u.mailboxSettings.timeZone] : []));
    expect(zones.some((z) => z.includes("Standard Time"))).toBe(true);
    expect(zones.some((z) => z.includes("/"))).toBe(true);
    expect(new Set(zones.map(continentOf)).size).toBeGreaterThanOrEqual(5);
    const hours = users.flatMap((u) =>
      u.mailboxSettings?.workingHours ? [u.mailboxSettings.workingHours] : [],
    );
    expect(hours.some((h) => h.daysOfWeek.length === 4)).toBe(true);
    expect(hours.some((h) => h.startTime.startsWith("09:00") && h.endTime.startsWith("13:00"))).toBe(true);
    expect(hours.some((h) => h.daysOfWeek.includes("sunday"))).toBe(true);
    expect(users.some((u) => /\P{ASCII}/u.test(u.displayName))).toBe(true);
    expect(users.some((u) => u.displayName.includes(", "))).toBe(true);
    expect(users.some((u) => u.displayName.includes("'"))).toBe(true);
    expect(users.every((u) => /^[a-z0-9.-]+@[a-z0-9.-]+$/.test(u.userPrincipalName))).toBe(true);
    expect(new Set(users.map((u) => u.department)).size).toBeGreaterThanOrEqual(8);
  });

  it("gives every enabled user with a manager exactly one truth pair, and disabled users none", () => {
    for (const { fixture, truth } of [small, medium]) {
      const byReport = new Map<string, number>();
      for (const pair of truth.pairs) byReport.set(pair.reportId, (byReport.get(pair.reportId) ?? 0) + 1);
      const disabled = fixture.users.filter((u) => !u.accountEnabled);
      expect(disabled.length).toBeGreaterThanOrEqual(1);
      for (const user of fixture.users) {
        const expected = user.managerId && user.accountEnabled ? 1 : 0;
        expect(byReport.get(user.id) ?? 0, user.userPrincipalName).toBe(expected);
      }
      const byId = new Map(fixture.users.map((u) => [u.id, u]));
      for (const pair of truth.pairs) {
        const report = byId.get(pair.reportId)!;
        expect(report.managerId).toBe(pair.managerId);
        expect(byId.get(pair.managerId)!.userPrincipalName).toBe(pair.managerUpn);
        expect(report.userPrincipalName).toBe(pair.reportUpn);
        expect(pair.why.length).toBeGreaterThan(10);
        expect(pair.status === "excluded").toBe(!report.hasMailbox);
      }
      // Mailbox-less users have no mailbox settings to read and no mail address.
      for (const user of fixture.users.filter((u) => !u.hasMailbox)) {
        expect(user.mailboxSettings).toBeUndefined();
        expect(user.mail).toBeNull();
      }
    }
  });

  it.each([
    ["300", () => small.truth, 0.02],
    ["2,000", () => medium.truth, 0.01],
  ])("plants the status mix for %s users within tolerance", (_, truth, tolerance) => {
    const pairs = truth().pairs;
    for (const [status, share] of Object.entries(STATUS_MIX)) {
      const actual = pairs.filter((p) => p.status === status).length / pairs.length;
      expect(Math.abs(actual - share), `${status}: ${actual}`).toBeLessThanOrEqual(tolerance);
    }
  });

  it("varies how each status arises", () => {
    const whys = (status: string) => medium.truth.pairs.filter((p) => p.status === status).map((p) => p.why);
    const has = (status: string, pattern: RegExp) =>
      expect(
        whys(status).some((w) => pattern.test(w)),
        `${status} ${pattern}`,
      ).toBe(true);
    has("healthy", /^bi-weekly series organized by the manager/);
    has("healthy", /^bi-weekly series organized by the report/);
    has("healthy", /^weekly series/);
    has("healthy", /moved to/);
    has("healthy", /crosses a DST change/);
    has("healthy", /^ad-hoc 1:1s every ~2 weeks/);
    has("belowTarget", /^monthly/);
    has("belowTarget", /^4-weekly/);
    has("belowTarget", /ended last week/);
    has("belowTarget", /^ad-hoc 1:1 only/);
    has("scheduled", /^new bi-weekly series/);
    has("scheduled", /^first 1:1 booked/);
    has("scheduled", /older ad-hoc 1:1 held/);
    has("lapsed", /; ended /);
    has("lapsed", /cancelled/);
    has("lapsed", /declined by the report/);
    has("missing", /no meeting of the pair at all/);
    has("missing", /only a group meeting/);
    has("missing", /declined by the manager/);
    has("missing", /before the 90-day lookback/);
    has("missing", /only all-day events/);
    has("missing", /cancelled/);
  });

  it("fills calendars with meetings that are not pair 1:1s", () => {
    const { fixture } = medium;
    const byKey = new Map<string, FixtureUser>();
    for (const u of fixture.users) {
      byKey.set(u.id, u);
      byKey.set(u.userPrincipalName, u);
    }
    const events = fixture.events.map((e) => e.event);
    const allHands = events.find((e) => e.subject === "Company all-hands")!;
    expect(allHands.attendees.length).toBeGreaterThanOrEqual(200);
    expect(allHands.recurrence?.pattern).toMatchObject({ type: "relativeMonthly", index: "first" });
    const tiny = generateTenant({ users: 30, seed: 1 }).fixture;
    const tinyAllHands = tiny.events.find((e) => e.event.subject === "Company all-hands")!.event;
    const active = tiny.users.filter((u) => u.accountEnabled && u.hasMailbox);
    expect(tinyAllHands.attendees).toHaveLength(active.length - 1);

    const teamSyncs = fixture.events.filter((e) => e.event.subject?.endsWith("team sync"));
    expect(teamSyncs.length).toBeGreaterThan(50);
    for (const entry of teamSyncs) {
      const manager = byKey.get(entry.mailbox)!;
      const team = fixture.users.filter(
        (u) => u.managerId === manager.id && u.accountEnabled && u.hasMailbox,
      );
      expect(entry.event.attendees.map((a) => a.emailAddress.address).sort()).toEqual(
        team.map((u) => u.userPrincipalName).sort(),
      );
      expect(entry.event.recurrence?.pattern).toMatchObject({ type: "weekly", interval: 1 });
    }
    const focus = events.filter((e) => e.subject === "Focus time");
    expect(focus.length).toBeGreaterThan(100);
    expect(focus.every((e) => e.attendees.length === 0)).toBe(true);
    expect(events.filter((e) => e.showAs === "oof").length).toBeGreaterThan(50);
    expect(events.some((e) => e.subject?.startsWith("Peer sync"))).toBe(true);
    expect(events.some((e) => e.subject?.startsWith("Skip-level"))).toBe(true);
    // Rooms ride along on some real 1:1s and must be ignored when recognising them.
    expect(
      events.some((e) => e.attendees.length === 2 && e.attendees.some((a) => a.type === "resource")),
    ).toBe(true);
  });
});

describe("generateTenant options", () => {
  it("rejects bad options with a GENERATE.BAD_SPEC error", () => {
    expect(() => generateTenant({ users: 3, seed: 1 })).toThrow(
      expect.objectContaining({ code: "GENERATE.BAD_SPEC" }),
    );
    expect(() => generateTenant({ users: 100, seed: 1, now: "soon" })).toThrow(/now/);
  });

  it("plants relative to the given now", () => {
    const { fixture, truth } = generateTenant({ users: 50, seed: 5, now: "2027-06-01T12:00:00Z" });
    expect(fixture.now).toBe("2027-06-01T12:00:00Z");
    expect(truth.now).toBe("2027-06-01T12:00:00Z");
    const created = fixture.events.flatMap((e) => (e.event.createdDateTime ? [e.event.createdDateTime] : []));
    expect(created.some((c) => c > "2027-05-01")).toBe(true);
    // Nothing was created after now, whatever it is.
    expect(created.every((c) => Date.parse(c) <= Date.parse(fixture.now))).toBe(true);
  });
});
