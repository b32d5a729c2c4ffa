// Graph v1.0's directory endpoints over the simulated Directory: users, manager, directReports, delta, mailboxSettings.
import { z } from "zod";
import { GraphError, type GraphRoute, type SimRequest, type SimResponse } from "../types.js";
import type { Directory } from "./directory.js";
import { MAILBOX_SETTINGS_PROPERTIES } from "./mailboxSettings.js";
import { decodePageToken, encodePageToken } from "./pageToken.js";
import type { SimUser } from "./simUser.js";
import { parseUserFilter, type UserPredicate } from "./userFilter.js";
import {
  contextSegment,
  parseUserExpand,
  parseUserSelect,
  projectDirectoryObject,
  projectUser,
  readsBasicOnly,
  type UserExpand,
} from "./userProjection.js";
import { DEFAULT_USER_PROPERTIES } from "./userProperties.js";

/** Application permissions from the docs of list users / get user (User.ReadBasic.All: basic profile only). */
const USER_READ = ["User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"];
const USER_READ_OR_BASIC = [...USER_READ, "User.ReadBasic.All"];
const MAILBOX_SETTINGS_READ = ["MailboxSettings.Read", "MailboxSettings.ReadWrite"];

/** Graph's page sizes for users: 100 by default, `$top` up to 999. */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 999;
/**
 * With `$expand` on directory objects Graph serves at most 100 per page whatever `$top` asks (known issue 13635,
 * "$expand on directory objects: returns a maximum of 100 objects"); `$top` stays valid up to 999 and the
 * nextLink keeps it.
 */
export const EXPANDED_PAGE_SIZE = 100;
/** Page size of a delta round (Graph chooses it; the client cannot). */
export const DELTA_PAGE_SIZE = 200;

/**
 * `GET /users` paging cursor: the listing position of the last user served (stable while users come and go),
 * or, under `$orderby`, the offset of the next user.
 */
export const usersSkipTokenSchema = z.union([
  z.object({ after: z.number().int() }),
  z.object({ offset: z.number().int().min(0) }),
]);

/** A delta round's state, carried in `$skiptoken` (mid-round) and, without `after`, in `$deltatoken`. */
export const deltaStateSchema = z.object({
  select: z.array(z.string()).optional(),
  filter: z.string().optional(),
  /** Directory version the previous round ended at; -1 for the initial (full) round. */
  since: z.number().int().min(-1),
  /** Directory version this round reports up to. */
  upto: z.number().int().min(0),
  /** Initial round: listing position of the last user served; later rounds: index of the next change. */
  after: z.number().int(),
});
export const deltaTokenSchema = z.object({
  select: z.array(z.string()).optional(),
  filter: z.string().optional(),
  version: z.number().int().min(0),
});
type DeltaState = z.infer<typeof deltaStateSchema>;

/** Schema definitions (../shared/graph-schema) the contract suite checks each response against. */
const USER_COLLECTION = "microsoft.graph.userCollectionResponse.strict";
const USER = "microsoft.graph.user.strict";

export function directoryRoutes(directory: Directory): GraphRoute[] {
  const delta = (req: SimRequest) => usersDelta(directory, req);
  return [
    {
      method: "GET",
      pattern: "/users/delta",
      permissions: USER_READ,
      responseSchema: USER_COLLECTION,
      handler: delta,
    },
    {
      method: "GET",
      pattern: "/users/microsoft.graph.delta",
      permissions: USER_READ,
      responseSchema: USER_COLLECTION,
      handler: delta,
    },
    {
      method: "GET",
      pattern: "/users",
      permissions: USER_READ_OR_BASIC,
      responseSchema: USER_COLLECTION,
      handler: (req) => listUsers(directory, req),
    },
    {
      method: "GET",
      pattern: "/users/{id}",
      permissions: USER_READ_OR_BASIC,
      responseSchema: USER,
      // A core that matches `{id}` before the literal delta routes still lands in the right place.
      handler: (req) => (isDeltaSegment(req.params.id) ? delta(req) : getUser(directory, req)),
    },
    {
      method: "GET",
      pattern: "/users/{id}/manager",
      permissions: USER_READ,
      // The manager is a directoryObject; in this tenant it is always a user (see `@odata.type`).
      responseSchema: USER,
      handler: (req) => getManager(directory, req),
    },
    {
      method: "GET",
      pattern: "/users/{id}/directReports",
      permissions: USER_READ,
      responseSchema: USER_COLLECTION,
      handler: (req) => listDirectReports(directory, req),
    },
    {
      method: "GET",
      pattern: "/users/{id}/mailboxSettings",
      permissions: MAILBOX_SETTINGS_READ,
      mailboxParam: "id",
      responseSchema: "microsoft.graph.mailboxSettings.strict",
      handler: (req) => getMailboxSettings(directory, req),
    },
    {
      method: "GET",
      pattern: "/users/{id}/mailboxSettings/timeZone",
      permissions: MAILBOX_SETTINGS_READ,
      mailboxParam: "id",
      // `{ "@odata.context", "value": "<zone name>" }`: a primitive property, no schema definition for it.
      handler: (req) => {
        const user = requireMailboxUser(directory, req);
        return ok({
          "@odata.context": `${graphBase(req)}/$metadata#users('${req.params.id}')/mailboxSettings/timeZone`,
          value: user.mailboxSettings.timeZone,
        });
      },
    },
    {
      method: "GET",
      pattern: "/users/{id}/mailboxSettings/workingHours",
      permissions: MAILBOX_SETTINGS_READ,
      mailboxParam: "id",
      responseSchema: "microsoft.graph.workingHours.strict",
      handler: (req) => {
        const user = requireMailboxUser(directory, req);
        return ok({
          "@odata.context": `${graphBase(req)}/$metadata#users('${req.params.id}')/mailboxSettings/workingHours`,
          ...user.mailboxSettings.workingHours,
        });
      },
    },
  ];
}

function listUsers(directory: Directory, req: SimRequest): SimResponse {
  rejectQueryOptions(req, ["$select", "$filter", "$top", "$expand", "$count", "$skiptoken", "$orderby"]);
  const select = parseUserSelect(req.query.get("$select"));
  const expand = parseUserExpand(req.query.get("$expand"));
  const top = expand ? Math.min(pageSize(req), EXPANDED_PAGE_SIZE) : pageSize(req);
  const count = countRequested(req);
  const advanced = count && isEventual(req);
  const filterText = req.query.get("$filter");
  const predicate: UserPredicate = filterText ? parseUserFilter(filterText, { advanced }) : () => true;
  const orderBy = parseOrderBy(req.query.get("$orderby"));
  if (orderBy && filterText && !advanced) {
    throw new GraphError(400, "Request_UnsupportedQuery", "Sorting not supported for current query.");
  }
  let matched = directory.all().filter(predicate);
  if (orderBy) matched = sortUsers(matched, orderBy);
  const { page, next } = pageOfUsers(req, matched, top, directory);
  const basicOnly = readsBasicOnly(req.roles);
  return ok({
    "@odata.context": `${graphBase(req)}/$metadata#${contextSegment("users", select)}`,
    ...(count ? { "@odata.count": matched.length } : {}),
    ...(next
      ? {
          "@odata.nextLink": linkWith(req, "/users", {
            $skiptoken: encodePageToken(orderBy ? { offset: next.offset } : { after: next.after }),
          }),
        }
      : {}),
    value: page.map((user) => renderUser(directory, user, select, expand, basicOnly)),
  });
}

interface OrderBy {
  property: "displayName" | "userPrincipalName";
  descending: boolean;
}

/** Users sort on displayName or userPrincipalName, one key, as a standard (non-advanced) query allows. */
function parseOrderBy(raw: string | null): OrderBy | undefined {
  if (raw === null || raw.trim() === "") return undefined;
  const match = /^\s*(\w+)(?:\s+(asc|desc))?\s*$/i.exec(raw);
  const property = ["displayName", "userPrincipalName"].find(
    (name) => name.toLowerCase() === match?.[1]?.toLowerCase(),
  );
  if (!match || !property) {
    throw new GraphError(
      400,
      "Request_UnsupportedQuery",
      `Unsupported sort property '${raw.trim()}' for 'User'.`,
    );
  }
  return {
    property: property as OrderBy["property"],
    descending: match[2]?.toLowerCase() === "desc",
  };
}

/** Ties keep the listing order so pages never overlap. */
function sortUsers(users: SimUser[], { property, descending }: OrderBy): SimUser[] {
  const keyed = users.map((user, index) => ({ user, index, key: (user[property] ?? "").toLowerCase() }));
  keyed.sort((a, b) => {
    const byKey = a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
    return (descending ? -byKey : byKey) || a.index - b.index;
  });
  return keyed.map((entry) => entry.user);
}

function getUser(directory: Directory, req: SimRequest): SimResponse {
  rejectQueryOptions(req, ["$select", "$expand"]);
  const select = parseUserSelect(req.query.get("$select"));
  const expand = parseUserExpand(req.query.get("$expand"));
  const user = requireDirectoryUser(directory, param(req, "id"));
  return ok({
    "@odata.context": `${graphBase(req)}/$metadata#${contextSegment("users", select)}/$entity`,
    ...renderUser(directory, user, select, expand, readsBasicOnly(req.roles)),
  });
}

function getManager(directory: Directory, req: SimRequest): SimResponse {
  rejectQueryOptions(req, ["$select"]);
  const select = parseUserSelect(req.query.get("$select"));
  const manager = directory.managerOf(requireDirectoryUser(directory, param(req, "id")).id);
  if (!manager) {
    throw new GraphError(
      404,
      "Request_ResourceNotFound",
      "Resource 'manager' does not exist or one of its queried reference-property objects are not present.",
    );
  }
  return ok({
    "@odata.context": `${graphBase(req)}/$metadata#directoryObjects/$entity`,
    ...projectDirectoryObject(manager, select),
  });
}

function listDirectReports(directory: Directory, req: SimRequest): SimResponse {
  rejectQueryOptions(req, ["$select", "$top", "$skiptoken"]);
  const select = parseUserSelect(req.query.get("$select"));
  const top = pageSize(req);
  const reports = directory.directReportsOf(requireDirectoryUser(directory, param(req, "id")).id);
  const { page, next } = pageOfUsers(req, reports, top, directory);
  return ok({
    "@odata.context": `${graphBase(req)}/$metadata#directoryObjects`,
    ...(next
      ? {
          "@odata.nextLink": linkWith(req, `/users/${encodeURIComponent(param(req, "id"))}/directReports`, {
            $skiptoken: encodePageToken({ after: next.after }),
          }),
        }
      : {}),
    value: page.map((user) => projectDirectoryObject(user, select)),
  });
}

/**
 * `/users/delta`: the initial round lists every user (pages, then a deltaLink); a later round replays the change log
 * since its token: changed users with their current (selected) properties, deleted ones as `@removed`.
 */
function usersDelta(directory: Directory, req: SimRequest): SimResponse {
  const state = deltaState(directory, req);
  const select = state.select ? parseUserSelect(state.select.join(","), ["manager"]) : undefined;
  const predicate: UserPredicate = state.filter
    ? parseUserFilter(state.filter, { advanced: false, delta: true })
    : () => true;
  const wantsManager = select?.includes("manager") ?? false;
  const properties = select ? [...new Set(["id", ...select])] : DEFAULT_USER_PROPERTIES;

  let value: Record<string, unknown>[];
  let after: number | undefined;
  if (state.since < 0) {
    const matched = directory.all().filter(predicate);
    const start = firstAfter(matched, state.after, directory);
    const page = matched.slice(start, start + DELTA_PAGE_SIZE);
    const last = page.at(-1);
    if (start + DELTA_PAGE_SIZE < matched.length && last) after = directory.sequenceOf(last.id);
    value = page.map((user) => ({
      ...projectUser(user, properties),
      ...(wantsManager && user.managerId ? { "manager@delta": [managerLink(user.managerId)] } : {}),
    }));
  } else {
    const changes = collapseChanges(directory, state.since, state.upto).filter((change) =>
      predicate({ id: change.userId } as SimUser),
    );
    const start = Math.max(0, state.after);
    const page = changes.slice(start, start + DELTA_PAGE_SIZE);
    if (start + DELTA_PAGE_SIZE < changes.length) after = start + DELTA_PAGE_SIZE;
    value = page.flatMap((change): Record<string, unknown>[] => {
      const user = directory.get(change.userId);
      if (change.removed || !user) {
        return [{ id: change.userId, "@removed": { reason: change.removed ?? "changed" } }];
      }
      const managerDelta =
        wantsManager && change.managerChanged
          ? user.managerId
            ? [managerLink(user.managerId)]
            : change.previousManagerId
              ? [{ ...managerLink(change.previousManagerId), "@removed": { reason: "deleted" } }]
              : []
          : undefined;
      return [
        { ...projectUser(user, properties), ...(managerDelta ? { "manager@delta": managerDelta } : {}) },
      ];
    });
  }

  const base = graphBase(req);
  const link =
    after === undefined
      ? {
          "@odata.deltaLink": `${base}/users/delta?$deltatoken=${encodePageToken({
            select: state.select,
            filter: state.filter,
            version: state.upto,
          })}`,
        }
      : { "@odata.nextLink": `${base}/users/delta?$skiptoken=${encodePageToken({ ...state, after })}` };
  return ok({ "@odata.context": `${base}/$metadata#${contextSegment("users", select)}`, ...link, value });
}

function deltaState(directory: Directory, req: SimRequest): DeltaState {
  const skipToken = req.query.get("$skiptoken");
  if (skipToken) return decodePageToken(skipToken, deltaStateSchema);
  const deltaToken = req.query.get("$deltatoken");
  if (deltaToken === "latest") {
    // Skips the initial listing: an empty answer whose deltaLink starts tracking from now.
    rejectQueryOptions(req, ["$select", "$filter", "$deltatoken"]);
    const select = parseUserSelect(req.query.get("$select"), ["manager"]);
    const filter = req.query.get("$filter") ?? undefined;
    if (filter) parseUserFilter(filter, { advanced: false, delta: true });
    return { select, filter, since: directory.version, upto: directory.version, after: -1 };
  }
  if (deltaToken) {
    const token = decodePageToken(deltaToken, deltaTokenSchema);
    if (token.version > directory.version) {
      throw new GraphError(400, "Request_BadRequest", "The specified page token value is invalid.");
    }
    return {
      select: token.select,
      filter: token.filter,
      since: token.version,
      upto: directory.version,
      after: -1,
    };
  }
  rejectQueryOptions(req, ["$select", "$filter"]);
  const select = parseUserSelect(req.query.get("$select"), ["manager"]);
  const filter = req.query.get("$filter") ?? undefined;
  // Parse now so a bad filter fails the first request, not a later page.
  if (filter) parseUserFilter(filter, { advanced: false, delta: true });
  return { select, filter, since: -1, upto: directory.version, after: -1 };
}

interface CollapsedChange {
  userId: string;
  removed?: "changed" | "deleted";
  managerChanged: boolean;
  previousManagerId: string | null;
}

/** One entry per user, in order of first change; the last change decides whether the user is gone. */
function collapseChanges(directory: Directory, since: number, upto: number): CollapsedChange[] {
  const byUser = new Map<string, CollapsedChange>();
  for (const change of directory.changesBetween(since, upto)) {
    const key = change.userId.toLowerCase();
    let entry = byUser.get(key);
    if (!entry) {
      entry = {
        userId: change.userId,
        managerChanged: false,
        previousManagerId: change.previousManagerId ?? null,
      };
      byUser.set(key, entry);
    }
    if (change.removed) entry.removed = change.removed;
    else delete entry.removed;
    if (change.previousManagerId !== undefined) entry.managerChanged = true;
  }
  return [...byUser.values()];
}

function getMailboxSettings(directory: Directory, req: SimRequest): SimResponse {
  rejectQueryOptions(req, ["$select"]);
  const raw = req.query.get("$select");
  const canonical = new Map([...MAILBOX_SETTINGS_PROPERTIES].map((name) => [name.toLowerCase(), name]));
  const select = raw?.split(",").map((part) => {
    const name = canonical.get(part.trim().toLowerCase());
    if (!name) {
      throw new GraphError(
        400,
        "BadRequest",
        `Parsing OData Select and Expand failed: Could not find a property named '${part.trim()}' on type 'microsoft.graph.mailboxSettings'.`,
      );
    }
    return name;
  });
  const user = requireMailboxUser(directory, req);
  const settings = user.mailboxSettings as unknown as Record<string, unknown>;
  const body = select ? Object.fromEntries(select.map((name) => [name, settings[name] ?? null])) : settings;
  return ok({
    "@odata.context": `${graphBase(req)}/$metadata#users('${req.params.id}')/mailboxSettings`,
    ...body,
  });
}

/** The directory resolves `/users/{id | userPrincipalName}` only; a mail address that isn't the UPN is unknown. */
function requireDirectoryUser(directory: Directory, idOrUpn: string): SimUser {
  const user = directory.get(idOrUpn);
  const key = idOrUpn.toLowerCase();
  if (user && (user.id.toLowerCase() === key || user.userPrincipalName.toLowerCase() === key)) return user;
  throw new GraphError(
    404,
    "Request_ResourceNotFound",
    `Resource '${idOrUpn}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

/** Outlook answers for the mailbox: an unknown user is Exchange's ErrorInvalidUser, not the directory's 404. */
function requireMailboxUser(directory: Directory, req: SimRequest): SimUser {
  const id = param(req, "id");
  if (!directory.get(id)) {
    throw new GraphError(404, "ErrorInvalidUser", `The requested user '${id}' is invalid.`);
  }
  return directory.requireMailbox(id);
}

function renderUser(
  directory: Directory,
  user: SimUser,
  select: string[] | undefined,
  expand: UserExpand | undefined,
  basicOnly: boolean,
): Record<string, unknown> {
  const body = projectUser(user, select, { basicOnly });
  if (!expand) return body;
  const manager = user.managerId ? directory.get(user.managerId) : undefined;
  return manager
    ? { ...body, manager: projectDirectoryObject(manager, expand.managerSelect, { basicOnly }) }
    : body;
}

function managerLink(id: string): Record<string, unknown> {
  return { "@odata.type": "#microsoft.graph.user", id };
}

/** Index of the first user listed after position `after` (users are in listing order). */
/**
 * The page a request's `$skiptoken` points at, and where the next one starts when there is one: an offset (for
 * sorted lists) or the change-log position of the last user shown (stable while users come and go).
 */
function pageOfUsers(
  req: SimRequest,
  users: SimUser[],
  top: number,
  directory: Directory,
): { page: SimUser[]; next: { offset: number; after: number } | undefined } {
  const skipToken = req.query.get("$skiptoken");
  const cursor = skipToken ? decodePageToken(skipToken, usersSkipTokenSchema) : undefined;
  const start = !cursor ? 0 : "offset" in cursor ? cursor.offset : firstAfter(users, cursor.after, directory);
  const page = users.slice(start, start + top);
  const last = page.at(-1);
  const more = start + top < users.length && last !== undefined;
  return { page, next: more ? { offset: start + top, after: directory.sequenceOf(last.id) } : undefined };
}

function firstAfter(users: SimUser[], after: number, directory: Directory): number {
  let low = 0;
  let high = users.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (directory.sequenceOf(users[mid]!.id) <= after) low = mid + 1;
    else high = mid;
  }
  return low;
}

function pageSize(req: SimRequest): number {
  const raw = req.query.get("$top");
  if (raw === null) return DEFAULT_PAGE_SIZE;
  if (!/^\d+$/.test(raw.trim())) {
    throw new GraphError(400, "BadRequest", `Invalid value '${raw}' for $top query option found.`);
  }
  const top = Number(raw);
  if (top < 1 || top > MAX_PAGE_SIZE) {
    throw new GraphError(
      400,
      "Request_UnsupportedQuery",
      `Invalid page size specified: '${raw}'. Must be between 1 and ${MAX_PAGE_SIZE} inclusive.`,
    );
  }
  return top;
}

/** `$count=true` on directory objects needs `ConsistencyLevel: eventual` (an advanced query). */
function countRequested(req: SimRequest): boolean {
  const raw = req.query.get("$count");
  if (raw === null || raw.toLowerCase() === "false") return false;
  if (raw.toLowerCase() !== "true") {
    throw new GraphError(400, "BadRequest", `Invalid value '${raw}' for $count query option found.`);
  }
  if (!isEventual(req)) throw new GraphError(400, "Request_BadRequest", "$count is not currently supported.");
  return true;
}

function isEventual(req: SimRequest): boolean {
  return req.headers.consistencylevel?.toLowerCase() === "eventual";
}

/** System query options this endpoint doesn't take fail loudly rather than being silently ignored. */
function rejectQueryOptions(req: SimRequest, allowed: readonly string[]): void {
  for (const key of req.query.keys()) {
    if (!key.startsWith("$") || allowed.includes(key)) continue;
    if (key === "$skip")
      throw new GraphError(400, "Request_BadRequest", "'$skip' is not supported by the service.");
    throw new GraphError(
      400,
      "Request_UnsupportedQuery",
      `The simulator does not support '${key}' on ${req.path}.`,
    );
  }
}

function isDeltaSegment(segment: string | undefined): boolean {
  return segment === "delta" || segment === "microsoft.graph.delta" || segment === "delta()";
}

function param(req: SimRequest, name: string): string {
  const value = req.params[name];
  if (value === undefined) throw new RangeError(`Route has no {${name}} parameter`);
  return value;
}

/** Graph's absolute links point at the host the client called, keeping the original query options. */
function graphBase(req: SimRequest): string {
  return `https://${req.headers.host ?? "graph.microsoft.com"}/v1.0`;
}

function linkWith(req: SimRequest, path: string, overrides: Record<string, string>): string {
  const params = new Map<string, string>();
  for (const [key, value] of req.query) if (key !== "$skiptoken") params.set(key, value);
  for (const [key, value] of Object.entries(overrides)) params.set(key, value);
  const query = [...params].map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join("&");
  return `${graphBase(req)}${path}?${query}`;
}

function ok(body: Record<string, unknown>): SimResponse {
  return { status: 200, body };
}
