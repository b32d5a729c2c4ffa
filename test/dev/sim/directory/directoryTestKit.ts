// Builders for the directory tests: fixture users, a fixed clock, counting ids, SimRequests, and Graph's schema.
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { expect } from "vitest";
import { Directory } from "../../../../dev/sim/directory/directory.js";
import { type FixtureUser, fixtureUserSchema } from "../../../../dev/sim/fixture.js";
import {
  GraphError,
  type GraphRoute,
  type IdSource,
  type SimClock,
  type SimRequest,
} from "../../../../dev/sim/types.js";

export const HOST = "127.0.0.1:8443";
export const NOW = new Date("2026-11-25T09:00:00Z");
export const ALL_ROLES = ["User.Read.All", "MailboxSettings.Read"];

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

export function countingIds(): IdSource {
  let n = 0;
  return { next: (kind) => `${kind}-${String(++n).padStart(4, "0")}` };
}

export function fixtureUser(input: Record<string, unknown> & { id: string }): FixtureUser {
  return fixtureUserSchema.parse({
    displayName: `User ${input.id}`,
    userPrincipalName: `${input.id}@contoso.example`,
    mail: `${input.id}@contoso.example`,
    ...input,
  });
}

/** `n` users in a tree: u0 at the top, everyone else reporting to u⌊(i−1)/8⌋; departments cycle over four. */
export function org(n: number): FixtureUser[] {
  const departments = ["Sales", "Engineering", "Finance", "Support"];
  return Array.from({ length: n }, (_, i) =>
    fixtureUser({
      id: `u${i}`,
      displayName: `Person ${String(i).padStart(5, "0")}`,
      department: departments[i % departments.length],
      jobTitle: i === 0 ? "CEO" : "Engineer",
      managerId: i === 0 ? null : `u${Math.floor((i - 1) / 8)}`,
    }),
  );
}

export function directoryOf(users: FixtureUser[]): Directory {
  return Directory.fromFixture(users, { clock: fixedClock(), ids: countingIds() });
}

export interface CallOptions {
  query?: Record<string, string> | URLSearchParams;
  headers?: Record<string, string>;
  roles?: readonly string[];
}

/** Picks the route the way the core does (literal segments beat `{param}`), then builds the SimRequest. */
export function request(routes: GraphRoute[], path: string, options: CallOptions = {}) {
  const parts = path.split("/").filter(Boolean);
  const candidates = routes.flatMap((route) => {
    const segments = route.pattern.split("/").filter(Boolean);
    if (route.method !== "GET" || segments.length !== parts.length) return [];
    const params: Record<string, string> = {};
    let literals = "";
    for (const [i, segment] of segments.entries()) {
      const part = decodeURIComponent(parts[i]!);
      const name = /^\{(\w+)\}$/.exec(segment)?.[1];
      if (name) {
        params[name] = part;
        literals += "0";
      } else if (segment === part) literals += "1";
      else return [];
    }
    return [{ route, params, literals }];
  });
  candidates.sort((a, b) => b.literals.localeCompare(a.literals));
  const best = candidates[0];
  if (!best) throw new Error(`No route for GET ${path}`);
  const req: SimRequest = {
    method: "GET",
    path,
    params: best.params,
    query: new URLSearchParams(options.query),
    headers: { host: HOST, ...options.headers },
    body: undefined,
    appId: "test-app",
    roles: options.roles ?? ALL_ROLES,
  };
  return { route: best.route, req };
}

/** Calls the route, checks the caller's roles against its permissions, and validates the body against its schema. */
export async function get(routes: GraphRoute[], path: string, options: CallOptions = {}) {
  const { route, req } = request(routes, path, options);
  expect(route.permissions.some((p) => req.roles.includes(p))).toBe(true);
  const res = await route.handler(req);
  expect(res.status).toBe(200);
  if (route.responseSchema) expectSchema(route.responseSchema, res.body);
  return res.body as Record<string, unknown> & { value?: Record<string, unknown>[] };
}

export async function getError(
  routes: GraphRoute[],
  path: string,
  options: CallOptions = {},
): Promise<GraphError> {
  const { route, req } = request(routes, path, options);
  try {
    await route.handler(req);
  } catch (err) {
    if (err instanceof GraphError) return err;
    throw err;
  }
  throw new Error(`GET ${path} succeeded; expected a GraphError`);
}

/** Splits an absolute `@odata.nextLink` / `@odata.deltaLink` into a path (without /v1.0) and its query. */
export function followLink(link: unknown): { path: string; query: URLSearchParams } {
  expect(typeof link).toBe("string");
  const url = new URL(link as string);
  expect(url.protocol).toBe("https:");
  expect(url.host).toBe(HOST);
  expect(url.pathname.startsWith("/v1.0/")).toBe(true);
  return { path: url.pathname.slice("/v1.0".length), query: url.searchParams };
}

const schema = JSON.parse(
  readFileSync(
    new URL("../../../../../shared/graph-schema/graph-v1.0-subset.schema.json", import.meta.url),
    "utf8",
  ),
);
const ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true, strict: false });
const addFormats = addFormatsModule as unknown as (instance: Ajv2020) => Ajv2020;
addFormats(ajv);
ajv.addSchema(schema);

export function expectSchema(definition: string, body: unknown): void {
  const validate = ajv.getSchema(`urn:msgraph:v1.0:subset#/$defs/${definition}`);
  if (!validate) throw new Error(`No schema definition ${definition}`);
  const valid = validate(body);
  expect(valid ? [] : validate.errors, `response matches ${definition}`).toEqual([]);
}
