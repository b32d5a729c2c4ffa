// Builders for the calendar tests: a small tenant (real Directory + CalendarStore), a router that dispatches like
// the core, and Graph's JSON schema for checking every body.
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { expect } from "vitest";
import { calendarRoutes } from "../../../../dev/sim/calendar/calendarRoutes.js";
import { CalendarStore } from "../../../../dev/sim/calendar/calendarStore.js";
import { Directory } from "../../../../dev/sim/directory/directory.js";
import { type Fixture, fixtureSchema } from "../../../../dev/sim/fixture.js";
import {
  GraphError,
  type GraphRoute,
  type IdSource,
  type SimClock,
  type SimRequest,
  type SimResponse,
} from "../../../../dev/sim/types.js";

/** Graph JSON as the assertions read it. */
// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked against Graph's schema, then read freely.
export type Ev = Record<string, any>;

export const HOST = "127.0.0.1:8443";
export const NOW = new Date("2026-11-25T09:00:00Z");
export const READ_WRITE = ["Calendars.ReadWrite"];
export const READ_BASIC = ["Calendars.ReadBasic"];

export function fixedClock(start = NOW): SimClock {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    set: (instant) => {
      now = instant.getTime();
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

/** Ids that read well in failures; `event-0003` style, with no `_yyyymmdd` tail to confuse occurrence ids. */
export function countingIds(): IdSource {
  let n = 0;
  return { next: (kind) => `${kind}-${String(++n).padStart(4, "0")}` };
}

const user = (id: string, zone: string, extra: Record<string, unknown> = {}) => ({
  id,
  displayName: `User ${id.toUpperCase()}`,
  userPrincipalName: `${id}@contoso.example`,
  mail: `${id}@contoso.example`,
  mailboxSettings: { timeZone: zone },
  ...extra,
});

/** Manager `mara` (Rome) and report `rob` (New York); `nomail` has no mailbox. */
export const baseUsers = [
  user("mara", "Europe/Rome", {
    mailboxSettings: {
      timeZone: "Europe/Rome",
      workingHours: {
        daysOfWeek: ["monday", "tuesday", "wednesday", "thursday", "friday"],
        startTime: "09:00",
        endTime: "18:00",
        timeZone: { name: "W. Europe Standard Time" },
      },
    },
  }),
  user("rob", "America/New_York", { managerId: "mara" }),
  user("nomail", "UTC", { hasMailbox: false }),
];

export interface Sim {
  fixture: Fixture;
  directory: Directory;
  store: CalendarStore;
  routes: GraphRoute[];
  clock: SimClock;
}

export function simulator(events: unknown[], users: unknown[] = baseUsers, now = NOW): Sim {
  const fixture = fixtureSchema.parse({ now: now.toISOString(), users, events });
  const clock = fixedClock(now);
  const ids = countingIds();
  const directory = Directory.fromFixture(fixture.users, { clock, ids });
  const store = CalendarStore.fromFixture(fixture.events, { directory, clock, ids });
  return { fixture, directory, store, routes: calendarRoutes(store), clock };
}

export interface CallOptions {
  query?: Record<string, string>;
  headers?: Record<string, string>;
  roles?: readonly string[];
  body?: unknown;
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  route: GraphRoute;
}

/** Dispatches like the core: literal segments beat `{param}`; a GraphError becomes Graph's error body. */
export async function call(
  sim: Sim,
  method: SimRequest["method"],
  pathAndQuery: string,
  options: CallOptions = {},
): Promise<Answer> {
  const url = new URL(pathAndQuery, "https://x");
  const parts = url.pathname.split("/").filter(Boolean);
  let best: { route: GraphRoute; params: Record<string, string>; score: string } | undefined;
  for (const route of sim.routes) {
    const segments = route.pattern.split("/").filter(Boolean);
    if (route.method !== method || segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let score = "";
    let ok = true;
    for (const [i, segment] of segments.entries()) {
      const part = decodeURIComponent(parts[i]!);
      const name = /^\{(\w+)\}$/.exec(segment)?.[1];
      if (name) {
        params[name] = part;
        score += "0";
      } else if (segment.toLowerCase() === part.toLowerCase()) score += "1";
      else ok = false;
    }
    if (ok && (!best || score > best.score)) best = { route, params, score };
  }
  if (!best) throw new Error(`no route for ${method} ${url.pathname}`);
  const roles = options.roles ?? READ_WRITE;
  if (!best.route.permissions.some((p) => roles.includes(p))) {
    return { status: 403, headers: {}, body: { error: { code: "ErrorAccessDenied" } }, route: best.route };
  }
  const query = new URLSearchParams(url.search);
  for (const [k, v] of Object.entries(options.query ?? {})) query.set(k, v);
  const req: SimRequest = {
    method,
    path: url.pathname,
    params: best.params,
    query,
    headers: { host: HOST, ...lowerKeys(options.headers ?? {}) },
    body: options.body,
    appId: "app",
    roles,
  };
  if (best.route.requestSchema && options.body !== undefined)
    expectSchema(best.route.requestSchema, options.body);
  let res: SimResponse;
  try {
    res = await best.route.handler(req);
  } catch (err) {
    if (!(err instanceof GraphError)) throw err;
    return {
      status: err.status,
      headers: err.headers,
      body: { error: { code: err.code, message: err.message } },
      route: best.route,
    };
  }
  const body = (res.body ?? {}) as Record<string, unknown>;
  if (res.status < 300 && best.route.responseSchema && res.body !== undefined)
    checkResponse(best.route, body);
  return { status: res.status, headers: res.headers ?? {}, body, route: best.route };
}

/** Follows a nextLink the way the SDK does: the absolute URL, minus scheme, host and `/v1.0`. */
export function relative(link: string): string {
  const url = new URL(link);
  expect(url.protocol).toBe("https:");
  expect(url.host).toBe(HOST);
  expect(url.pathname.startsWith("/v1.0/")).toBe(true);
  return `${url.pathname.slice("/v1.0".length)}${url.search}`;
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

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

export function expectSchema(definition: string, value: unknown): void {
  const validate = ajv.getSchema(`urn:msgraph:v1.0:subset#/$defs/${definition}`);
  if (!validate) throw new Error(`no schema definition ${definition}`);
  const ok = validate(value);
  expect(ok ? [] : validate.errors?.slice(0, 5), `${definition}`).toEqual([]);
}

function checkResponse(route: GraphRoute, body: Record<string, unknown>): void {
  const definition = route.responseSchema!;
  // getSchedule answers a collection of scheduleInformation; the route names the item type.
  if (!definition.endsWith("CollectionResponse.strict") && Array.isArray(body.value)) {
    for (const item of body.value) expectSchema(definition, item);
  } else expectSchema(definition, body);
}
