// `$select` and `$expand=manager` on users, and rendering a SimUser as the JSON Graph returns.
import { GraphError } from "../types.js";
import type { SimUser } from "./simUser.js";
import {
  BASIC_USER_PROPERTIES,
  DEFAULT_USER_PROPERTIES,
  USER_NAVIGATION_PROPERTIES,
  USER_PROPERTIES,
} from "./userProperties.js";

const canonicalName = new Map([...USER_PROPERTIES.keys()].map((name) => [name.toLowerCase(), name]));
const navigationName = new Map([...USER_NAVIGATION_PROPERTIES].map((name) => [name.toLowerCase(), name]));

/** Roles that may read every user property; User.ReadBasic.All alone sees only the basic profile. */
const FULL_READ_ROLES = [
  "User.Read.All",
  "User.ReadWrite.All",
  "Directory.Read.All",
  "Directory.ReadWrite.All",
];

export function readsBasicOnly(roles: readonly string[]): boolean {
  return !roles.some((role) => FULL_READ_ROLES.includes(role));
}

/**
 * The properties `$select` names, in canonical case; undefined without `$select`. `allowNavigation` lists the
 * navigation properties this endpoint accepts in `$select` (delta takes `manager`).
 */
export function parseUserSelect(
  raw: string | null,
  allowNavigation: readonly string[] = [],
): string[] | undefined {
  if (raw === null || raw.trim() === "") return undefined;
  return raw.split(",").map((part) => {
    const name = part.trim();
    const canonical = canonicalName.get(name.toLowerCase()) ?? navigationName.get(name.toLowerCase());
    if (!canonical || (USER_NAVIGATION_PROPERTIES.has(canonical) && !allowNavigation.includes(canonical))) {
      throw selectError(name);
    }
    return canonical;
  });
}

export interface UserExpand {
  /** `$expand=manager($select=…)`; undefined means the default properties. */
  managerSelect: string[] | undefined;
}

/** Only `manager` (optionally with a nested `$select`) is expandable here; that is all Cadence needs. */
export function parseUserExpand(raw: string | null): UserExpand | undefined {
  if (raw === null || raw.trim() === "") return undefined;
  const match = /^\s*([A-Za-z]+)\s*(?:\(\s*\$select\s*=\s*([^)]*)\))?\s*$/.exec(raw);
  const name = match?.[1]?.toLowerCase();
  if (!match || !name)
    throw new GraphError(400, "BadRequest", `Parsing OData Select and Expand failed: '${raw}'.`);
  if (name !== "manager") {
    if (navigationName.has(name) || canonicalName.has(name)) {
      throw new GraphError(400, "Request_UnsupportedQuery", `The simulator does not expand '${match[1]}'.`);
    }
    throw selectError(match[1]!);
  }
  return { managerSelect: parseUserSelect(match[2] ?? null) };
}

/** Graph renders unset properties: nullable ones as null, collections as [], the rest omitted. */
export function projectUser(
  user: SimUser,
  properties: readonly string[] = DEFAULT_USER_PROPERTIES,
  options: { basicOnly?: boolean } = {},
): Record<string, unknown> {
  const source = user as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const name of properties) {
    const kind = USER_PROPERTIES.get(name);
    if (!kind) continue;
    const hidden = options.basicOnly && !BASIC_USER_PROPERTIES.has(name);
    const value = hidden ? undefined : name === "mailboxSettings" && !user.hasMailbox ? null : source[name];
    if (value !== undefined && value !== null) out[name] = value;
    else if (kind === "nullable") out[name] = null;
    else if (kind === "array") out[name] = [];
  }
  return out;
}

/** A user inside a directoryObject-typed answer (`/manager`, `/directReports`, `$expand`). */
export function projectDirectoryObject(
  user: SimUser,
  properties: readonly string[] | undefined,
  options: { basicOnly?: boolean } = {},
): Record<string, unknown> {
  return { "@odata.type": "#microsoft.graph.user", ...projectUser(user, properties, options) };
}

/** `users` or `users(id,displayName)`, the entity-set part of `@odata.context`. */
export function contextSegment(base: string, select: readonly string[] | undefined): string {
  return select ? `${base}(${select.join(",")})` : base;
}

function selectError(name: string): GraphError {
  return new GraphError(
    400,
    "BadRequest",
    `Parsing OData Select and Expand failed: Could not find a property named '${name}' on type 'microsoft.graph.user'.`,
  );
}
