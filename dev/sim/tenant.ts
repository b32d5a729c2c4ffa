// A simulated tenant: the fixture loaded into a clock, a seeded id source and the Graph areas' route table.
import { toIanaZone } from "../../shared/domain/timeZone.js";
import { calendarRoutes } from "./calendar/calendarRoutes.js";
import { CalendarStore } from "./calendar/calendarStore.js";
import { createSimClock } from "./core/clock.js";
import { createIdSource } from "./core/ids.js";
import { createRng, deriveSeed, seededUuid } from "./core/random.js";
import { Directory } from "./directory/directory.js";
import { directoryRoutes } from "./directory/directoryRoutes.js";
import { type Fixture, fixtureSchema } from "./fixture.js";
import { CalendarToucher } from "./subscriptions/calendarToucher.js";
import { subscriptionRoutes } from "./subscriptions/subscriptionRoutes.js";
import { type SubscriptionOptions, SubscriptionService } from "./subscriptions/subscriptionService.js";
import type { GraphRoute, IdSource, SimClock } from "./types.js";

export class FixtureError extends Error {
  readonly code = "SIM.FIXTURE_INVALID";
  constructor(readonly issues: string[]) {
    super(`Invalid tenant fixture:\n  ${issues.join("\n  ")}`);
  }
}

export interface TenantContext {
  fixture: Fixture;
  clock: SimClock;
  ids: IdSource;
}

/** Builds an area's routes from the loaded tenant (directory, calendar…). */
export type AreaFactory = (ctx: TenantContext) => GraphRoute[];

export interface Tenant extends TenantContext {
  tenantId: string;
  routes: GraphRoute[];
  /** The tenant's directory and calendars (absent when the caller supplied its own `areas`). */
  directory?: Directory;
  calendar?: CalendarStore;
  /** Change-notification subscriptions on the calendars, and the stand-in for people editing them. */
  subscriptions?: SubscriptionService;
  toucher?: CalendarToucher;
}

/** Parses a fixture; every problem is reported with the path of the bad field, e.g. `users[3].mailboxSettings.timeZone`. */
export function parseFixture(input: unknown): Fixture {
  const parsed = fixtureSchema.safeParse(input);
  if (!parsed.success) {
    throw new FixtureError(parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`));
  }
  const fixture = parsed.data;
  const issues: string[] = [];
  const checkZone = (zone: string | undefined, path: (string | number)[]) => {
    if (zone === undefined) return;
    try {
      toIanaZone(zone);
    } catch (err) {
      issues.push(`${formatPath(path)}: ${(err as Error).message}`);
    }
  };
  fixture.users.forEach((u, i) => {
    checkZone(u.mailboxSettings?.timeZone, ["users", i, "mailboxSettings", "timeZone"]);
    checkZone(u.mailboxSettings?.workingHours?.timeZone?.name, [
      "users",
      i,
      "mailboxSettings",
      "workingHours",
      "timeZone",
      "name",
    ]);
  });
  fixture.events.forEach((e, i) => {
    checkZone(e.event.start.timeZone, ["events", i, "event", "start", "timeZone"]);
    checkZone(e.event.end.timeZone, ["events", i, "event", "end", "timeZone"]);
  });
  if (issues.length > 0) throw new FixtureError(issues);
  return fixture;
}

/**
 * Loads a fixture into a tenant: clock at `fixture.now`, ids from `seed`, the directory, the calendars (each
 * organizer's event copied to its attendees) and their Graph routes. `areas` replaces the directory and calendar
 * routes (tests of the core use stand-ins).
 */
export function createTenant(
  input: unknown,
  opts: { seed?: number; areas?: readonly AreaFactory[]; subscriptions?: SubscriptionOptions } = {},
): Tenant {
  const seed = opts.seed ?? 1;
  const fixture = parseFixture(input);
  const clock = createSimClock(new Date(fixture.now));
  const ids = createIdSource(seed);
  const ctx: TenantContext = { fixture, clock, ids };
  const tenantId = fixture.tenantId ?? seededUuid(createRng(deriveSeed(seed, "tenant")));
  if (opts.areas) return { ...ctx, tenantId, routes: opts.areas.flatMap((area) => area(ctx)) };
  const directory = Directory.fromFixture(fixture.users, { clock, ids });
  const calendar = CalendarStore.fromFixture(fixture.events, { directory, clock, ids });
  const subscriptions = new SubscriptionService({
    calendar,
    clock,
    ids,
    tenantId,
    seed,
    ...(opts.subscriptions ? { options: opts.subscriptions } : {}),
  });
  return {
    ...ctx,
    tenantId,
    routes: [
      ...directoryRoutes(directory),
      ...calendarRoutes(calendar),
      ...subscriptionRoutes(subscriptions),
    ],
    directory,
    calendar,
    subscriptions,
    toucher: new CalendarToucher(calendar),
  };
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || "(root)";
}
