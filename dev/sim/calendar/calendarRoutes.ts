// Graph v1.0 calendar endpoints over a CalendarStore: calendarView (+ delta), events CRUD and responses,
// instances and getSchedule.
import type { z } from "zod";
import { UnknownTimeZoneError, zonedToUtc } from "../../../shared/domain/timeZone.js";
import { GraphError, type GraphRoute, type SimRequest, type SimResponse } from "../types.js";
import type { EventInstance } from "./calendarModel.js";
import {
  eventCancelSchema,
  eventCreateSchema,
  eventPatchSchema,
  eventResponseSchema,
  getScheduleSchema,
} from "./calendarSchemas.js";
import { type AttendeeAnswer, type CalendarStore, instanceId } from "./calendarStore.js";
import { renderEvent, selectFields } from "./eventJson.js";
import {
  contextUrl,
  decodeToken,
  encodeToken,
  isPageToken,
  type PageToken,
  type Preferences,
  parseFilter,
  parseOrderBy,
  parsePrefer,
  parseSelect,
  parseTop,
  parseWindow,
  preferenceApplied,
  selfLink,
  sortEvents,
} from "./odataQuery.js";
import { scheduleInformation } from "./scheduleInformation.js";

const READ = ["Calendars.ReadBasic", "Calendars.Read", "Calendars.ReadWrite"] as const;
const WRITE = ["Calendars.ReadWrite"] as const;
const COLLECTION = "microsoft.graph.eventCollectionResponse.strict";
const EVENT = "microsoft.graph.event.strict";
/** Graph's default page size for Outlook event lists. */
const DEFAULT_PAGE = 10;
const MAX_SCHEDULES = 20;
const MAX_SCHEDULE_DAYS = 62;

interface DeltaToken {
  start: number;
  end: number;
  seq: number;
  offset?: number;
  size?: number;
  /** Set while a later round is being paged: the change-log position that round reports up to. */
  upto?: number;
}

function isDeltaToken(v: unknown): v is DeltaToken {
  const t = v as DeltaToken;
  return (
    typeof t === "object" &&
    t !== null &&
    Number.isFinite(t.start) &&
    Number.isFinite(t.end) &&
    Number.isInteger(t.seq)
  );
}

export function calendarRoutes(store: CalendarStore): GraphRoute[] {
  const read = (
    pattern: string,
    handler: GraphRoute["handler"],
    responseSchema = COLLECTION,
  ): GraphRoute => ({
    method: "GET",
    pattern,
    permissions: READ,
    mailboxParam: "id",
    responseSchema,
    handler,
  });

  const calendarView = (req: SimRequest): SimResponse => {
    const owner = store.mailbox(param(req, "id"));
    const window = parseWindow(req);
    return listResponse(
      req,
      store.calendarView(owner.id, window.start, window.end),
      "calendarView",
      "skiptoken",
    );
  };

  const listEvents = (req: SimRequest): SimResponse => {
    const owner = store.mailbox(param(req, "id"));
    return listResponse(req, store.listEvents(owner.id), "events", "skip");
  };

  const getEvent = (req: SimRequest): SimResponse => {
    const owner = store.mailbox(param(req, "id"));
    const instance = store.getEvent(owner.id, param(req, "eventId"));
    const prefs = parsePrefer(req);
    const select = parseSelect(req);
    const body = selectFields(renderEvent(instance, renderOptions(req, prefs)), select);
    return {
      status: 200,
      headers: preferenceApplied(prefs, false),
      body: { "@odata.context": contextUrl(req, `users('${param(req, "id")}')/events/$entity`), ...body },
    };
  };

  const instances = (req: SimRequest): SimResponse => {
    const owner = store.mailbox(param(req, "id"));
    const window = parseWindow(req);
    const list = store.instances(owner.id, param(req, "eventId"), window.start, window.end);
    return listResponse(
      req,
      list,
      `users('${param(req, "id")}')/events('${param(req, "eventId")}')/instances`,
      "skiptoken",
    );
  };

  function listResponse(
    req: SimRequest,
    list: EventInstance[],
    segment: string,
    paging: "skiptoken" | "skip",
  ): SimResponse {
    const prefs = parsePrefer(req);
    const select = parseSelect(req);
    const order = parseOrderBy(req);
    const filter = parseFilter(req);
    const top = parseTop(req);
    const options = renderOptions(req, prefs);
    let events = list.map((instance) => renderEvent(instance, options));
    if (filter) events = events.filter(filter);
    events = sortEvents(events, order);
    let offset = 0;
    let size = top ?? Math.min(prefs.maxPageSize ?? DEFAULT_PAGE, 1000);
    const skiptoken = req.query.get("$skiptoken");
    if (paging === "skiptoken" && skiptoken)
      ({ offset, size } = decodeToken<PageToken>(skiptoken, isPageToken));
    if (paging === "skip") offset = nonNegative(req.query.get("$skip"));
    const page = events.slice(offset, offset + size).map((e) => selectFields(e, select));
    const fragment = segment.startsWith("users(") ? segment : `users('${param(req, "id")}')/${segment}`;
    const body: Record<string, unknown> = {
      "@odata.context": contextUrl(req, select ? `${fragment}(${select.join(",")})` : fragment),
      value: page,
    };
    if (offset + size < events.length) {
      body["@odata.nextLink"] =
        paging === "skiptoken"
          ? selfLink(req, "$skiptoken", encodeToken({ offset: offset + size, size }), ["$top"])
          : skipLink(req, offset + size, size);
    }
    const pageSizeApplied = top === undefined && prefs.maxPageSize !== undefined;
    return { status: 200, headers: preferenceApplied(prefs, pageSizeApplied), body };
  }

  const delta = (req: SimRequest): SimResponse => {
    const owner = store.mailbox(param(req, "id"));
    for (const option of ["$select", "$filter", "$orderby", "$expand", "$search"]) {
      if (req.query.has(option)) {
        throw new GraphError(
          400,
          "ErrorInvalidUrlQuery",
          `The query option '${option}' is not supported with delta.`,
        );
      }
    }
    const prefs = parsePrefer(req);
    const options = renderOptions(req, prefs);
    const deltatoken = req.query.get("$deltatoken");
    const skiptoken = req.query.get("$skiptoken");
    const context = contextUrl(req, "Collection(event)");
    const link = (name: "$skiptoken" | "$deltatoken", token: DeltaToken): string => {
      const host = req.headers.host ?? "graph.microsoft.com";
      return `https://${host}/v1.0${req.path}?${name}=${encodeToken(token)}`;
    };
    const pageSize = Math.min(prefs.maxPageSize ?? DEFAULT_PAGE, 1000);
    const changes = (token: DeltaToken, upto: number): Record<string, unknown>[] => {
      const start = new Date(token.start);
      const end = new Date(token.end);
      const value: Record<string, unknown>[] = [];
      for (const { copy, before } of store.changesSince(owner.id, token.seq, upto)) {
        const now = store.instancesOfView(store.currentView(copy), start, end);
        const nowIds = new Set(now.map(instanceId));
        for (const instance of now) value.push(renderEvent(instance, options));
        for (const old of before ? store.instancesOfView(before, start, end) : []) {
          const id = instanceId(old);
          if (!nowIds.has(id))
            value.push({ "@odata.type": "#microsoft.graph.event", id, "@removed": { reason: "deleted" } });
        }
      }
      return value;
    };
    const incremental = deltatoken
      ? {
          ...decodeToken<DeltaToken>(deltatoken, isDeltaToken),
          upto: store.currentSeq(),
          offset: 0,
          size: pageSize,
        }
      : skiptoken
        ? decodeToken<DeltaToken>(skiptoken, isDeltaToken)
        : undefined;
    if (incremental?.upto !== undefined) {
      // A later round: the changes up to `upto` (fixed when the round began), paged like the initial sync.
      const upto = incremental.upto;
      const all = changes(incremental, upto);
      const offset = incremental.offset ?? 0;
      const size = incremental.size ?? pageSize;
      const body: Record<string, unknown> = {
        "@odata.context": context,
        value: all.slice(offset, offset + size),
      };
      if (offset + size < all.length)
        body["@odata.nextLink"] = link("$skiptoken", { ...incremental, offset: offset + size });
      else
        body["@odata.deltaLink"] = link("$deltatoken", {
          start: incremental.start,
          end: incremental.end,
          seq: upto,
        });
      return { status: 200, headers: preferenceApplied(prefs, prefs.maxPageSize !== undefined), body };
    }
    let token: DeltaToken;
    if (incremental) token = incremental;
    else {
      const window = parseWindow(req);
      token = {
        start: window.start.getTime(),
        end: window.end.getTime(),
        seq: store.currentSeq(),
        offset: 0,
        size: pageSize,
      };
    }
    const offset = token.offset ?? 0;
    const size = token.size ?? DEFAULT_PAGE;
    const all = store.calendarView(owner.id, new Date(token.start), new Date(token.end));
    const value = all.slice(offset, offset + size).map((instance) => renderEvent(instance, options));
    const body: Record<string, unknown> = { "@odata.context": context, value };
    if (offset + size < all.length)
      body["@odata.nextLink"] = link("$skiptoken", { ...token, offset: offset + size, size });
    else
      body["@odata.deltaLink"] = link("$deltatoken", { start: token.start, end: token.end, seq: token.seq });
    return { status: 200, headers: preferenceApplied(prefs, prefs.maxPageSize !== undefined), body };
  };

  const createEvent = (req: SimRequest): SimResponse => {
    const input = parseBody(eventCreateSchema, req.body);
    const { instance } = store.create(param(req, "id"), input);
    const prefs = parsePrefer(req);
    return {
      status: 201,
      headers: preferenceApplied(prefs, false),
      body: {
        "@odata.context": contextUrl(req, `users('${param(req, "id")}')/events/$entity`),
        ...renderEvent(instance, renderOptions(req, prefs)),
      },
    };
  };

  const patchEvent = (req: SimRequest): SimResponse => {
    const patch = parseBody(eventPatchSchema, req.body);
    const instance = store.update(param(req, "id"), param(req, "eventId"), patch);
    const prefs = parsePrefer(req);
    return {
      status: 200,
      headers: preferenceApplied(prefs, false),
      body: {
        "@odata.context": contextUrl(req, `users('${param(req, "id")}')/events/$entity`),
        ...renderEvent(instance, renderOptions(req, prefs)),
      },
    };
  };

  const deleteEvent = (req: SimRequest): SimResponse => {
    store.delete(param(req, "id"), param(req, "eventId"));
    return { status: 204 };
  };

  const cancelEvent = (req: SimRequest): SimResponse => {
    parseBody(eventCancelSchema, req.body);
    store.cancel(param(req, "id"), param(req, "eventId"));
    return { status: 202 };
  };

  const respond =
    (answer: AttendeeAnswer) =>
    (req: SimRequest): SimResponse => {
      const body = parseBody(eventResponseSchema, req.body);
      store.respond(param(req, "id"), param(req, "eventId"), answer, body?.sendResponse ?? true);
      return { status: 202 };
    };

  const getSchedule = (req: SimRequest): SimResponse => {
    store.mailbox(param(req, "id"));
    const body = parseBody(getScheduleSchema, req.body);
    if (body.schedules.length > MAX_SCHEDULES) {
      throw new GraphError(
        400,
        "ErrorInvalidParameter",
        `The number of schedules (${body.schedules.length}) exceeds the maximum of ${MAX_SCHEDULES}.`,
      );
    }
    const interval = body.availabilityViewInterval ?? 30;
    if (interval < 5 || interval > 1440) {
      throw new GraphError(
        400,
        "ErrorInvalidParameter",
        "availabilityViewInterval must be between 5 and 1440 minutes.",
      );
    }
    let start: Date;
    let end: Date;
    try {
      start = zonedToUtc(body.startTime);
      end = zonedToUtc(body.endTime);
    } catch (err) {
      if (err instanceof UnknownTimeZoneError) {
        throw new GraphError(
          400,
          "TimeZoneNotSupportedException",
          `The time zone '${err.zone}' is not supported.`,
        );
      }
      throw new GraphError(400, "ErrorInvalidParameter", (err as Error).message);
    }
    if (end.getTime() <= start.getTime()) {
      throw new GraphError(400, "ErrorInvalidParameter", "The endTime must be after the startTime.");
    }
    if (end.getTime() - start.getTime() >= MAX_SCHEDULE_DAYS * 86_400_000) {
      throw new GraphError(
        400,
        "ErrorInvalidParameter",
        `The requested time window must be shorter than ${MAX_SCHEDULE_DAYS} days.`,
      );
    }
    const prefs = parsePrefer(req);
    const window = { start, end, intervalMinutes: interval, timeZone: prefs.timeZone };
    return {
      status: 200,
      headers: preferenceApplied(prefs, false),
      body: {
        "@odata.context": contextUrl(req, "Collection(microsoft.graph.scheduleInformation)"),
        value: body.schedules.map((id) => scheduleInformation(store, id, window)),
      },
    };
  };

  const write = (
    method: GraphRoute["method"],
    pattern: string,
    handler: GraphRoute["handler"],
    schemas: Pick<GraphRoute, "requestSchema" | "responseSchema"> = {},
  ): GraphRoute => ({ method, pattern, permissions: WRITE, mailboxParam: "id", ...schemas, handler });

  const routes: GraphRoute[] = [
    read("/users/{id}/calendarView", calendarView),
    read("/users/{id}/calendar/calendarView", calendarView),
    read("/users/{id}/calendarView/delta", delta),
    read("/users/{id}/calendar/calendarView/delta", delta),
    read("/users/{id}/events", listEvents),
    read("/users/{id}/calendar/events", listEvents),
    read("/users/{id}/events/{eventId}", getEvent, EVENT),
    read("/users/{id}/calendar/events/{eventId}", getEvent, EVENT),
    read("/users/{id}/events/{eventId}/instances", instances),
    read("/users/{id}/calendar/events/{eventId}/instances", instances),
    write("POST", "/users/{id}/events", createEvent, { requestSchema: EVENT, responseSchema: EVENT }),
    write("POST", "/users/{id}/calendar/events", createEvent, {
      requestSchema: EVENT,
      responseSchema: EVENT,
    }),
    write("PATCH", "/users/{id}/events/{eventId}", patchEvent, {
      requestSchema: EVENT,
      responseSchema: EVENT,
    }),
    write("PATCH", "/users/{id}/calendar/events/{eventId}", patchEvent, {
      requestSchema: EVENT,
      responseSchema: EVENT,
    }),
    write("DELETE", "/users/{id}/events/{eventId}", deleteEvent),
    write("DELETE", "/users/{id}/calendar/events/{eventId}", deleteEvent),
  ];
  for (const prefix of ["/users/{id}/events/{eventId}", "/users/{id}/calendar/events/{eventId}"]) {
    routes.push(
      write("POST", `${prefix}/accept`, respond("accepted")),
      write("POST", `${prefix}/decline`, respond("declined")),
      write("POST", `${prefix}/tentativelyAccept`, respond("tentativelyAccepted")),
      write("POST", `${prefix}/cancel`, cancelEvent),
    );
  }
  routes.push({
    method: "POST",
    pattern: "/users/{id}/calendar/getSchedule",
    permissions: READ,
    mailboxParam: "id",
    requestSchema: "action.getSchedule.requestBody",
    responseSchema: "microsoft.graph.scheduleInformation.strict",
    handler: getSchedule,
  });
  return routes;
}

function param(req: SimRequest, name: string): string {
  const value = req.params[name];
  if (value === undefined) throw new Error(`route has no {${name}} parameter`);
  return value;
}

/** Only Calendars.Read/ReadWrite see bodies; Calendars.ReadBasic gets everything else. */
function renderOptions(req: SimRequest, prefs: Preferences) {
  const full = req.roles.includes("Calendars.Read") || req.roles.includes("Calendars.ReadWrite");
  return { timeZone: prefs.timeZone, basic: !full };
}

function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? ` at '${issue.path.join(".")}'` : "";
    throw new GraphError(400, "BadRequest", `Invalid request body${where}: ${issue?.message ?? "malformed"}`);
  }
  return result.data;
}

function nonNegative(raw: string | null): number {
  if (raw === null) return 0;
  if (!/^\d+$/.test(raw))
    throw new GraphError(400, "BadRequest", `Invalid value '${raw}' for $skip query option.`);
  return Number(raw);
}

function skipLink(req: SimRequest, skip: number, top: number): string {
  const host = req.headers.host ?? "graph.microsoft.com";
  const params = new URLSearchParams();
  for (const [key, value] of req.query) if (key !== "$skip" && key !== "$top") params.append(key, value);
  params.set("$top", String(top));
  params.set("$skip", String(skip));
  return `https://${host}/v1.0${req.path}?${params.toString().replaceAll("%24", "$").replaceAll("%2C", ",")}`;
}
