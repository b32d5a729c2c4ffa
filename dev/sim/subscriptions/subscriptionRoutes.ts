// Graph v1.0 `/subscriptions` over a SubscriptionService: create (after the validation handshake), list, get,
// renew and delete, each limited to the calling app's own subscriptions.
import type { z } from "zod";
import { contextUrl } from "../calendar/odataQuery.js";
import { GraphError, type GraphRoute, type SimRequest, type SimResponse } from "../types.js";
import { subscriptionCreateSchema, subscriptionPatchSchema } from "./subscriptionSchemas.js";
import type { SubscriptionService } from "./subscriptionService.js";

/** Subscribing to `/users/{id}/events` needs read access to calendars, as for reading them. */
const CALENDAR_READ = ["Calendars.ReadBasic", "Calendars.Read", "Calendars.ReadWrite"] as const;
const SUBSCRIPTION = "microsoft.graph.subscription.strict";

export function subscriptionRoutes(service: SubscriptionService): GraphRoute[] {
  const entity = (req: SimRequest, body: Record<string, unknown>) => ({
    "@odata.context": contextUrl(req, "subscriptions/$entity"),
    ...body,
  });

  const create = async (req: SimRequest): Promise<SimResponse> => {
    const input = parse(subscriptionCreateSchema, req.body, "creation");
    const subscription = await service.create(req.appId, input);
    return { status: 201, body: entity(req, service.render(subscription)) };
  };

  const list = (req: SimRequest): SimResponse => ({
    status: 200,
    body: {
      "@odata.context": contextUrl(req, "subscriptions"),
      value: service.list(req.appId).map((s) => service.render(s)),
    },
  });

  const get = (req: SimRequest): SimResponse => ({
    status: 200,
    body: entity(req, service.render(service.get(req.appId, id(req)))),
  });

  const update = async (req: SimRequest): Promise<SimResponse> => {
    const patch = parse(subscriptionPatchSchema, req.body, "update");
    const subscription = await service.update(req.appId, id(req), patch);
    return { status: 200, body: entity(req, service.render(subscription)) };
  };

  const reauthorize = (req: SimRequest): SimResponse => {
    service.reauthorize(req.appId, id(req));
    return { status: 204 };
  };

  const remove = (req: SimRequest): SimResponse => {
    service.delete(req.appId, id(req));
    return { status: 204 };
  };

  const route = (
    method: GraphRoute["method"],
    pattern: string,
    handler: GraphRoute["handler"],
    schemas: Pick<GraphRoute, "requestSchema" | "responseSchema">,
  ): GraphRoute => ({ method, pattern, permissions: CALENDAR_READ, ...schemas, handler });

  // No `mailboxParam`: the mailbox is named in the body's `resource`, not in these URLs, so Outlook's
  // per-mailbox concurrency limit has nothing to key on here.
  return [
    route("POST", "/subscriptions", create, { requestSchema: SUBSCRIPTION, responseSchema: SUBSCRIPTION }),
    route("GET", "/subscriptions", list, {
      responseSchema: "microsoft.graph.subscriptionCollectionResponse.strict",
    }),
    route("GET", "/subscriptions/{subscriptionId}", get, { responseSchema: SUBSCRIPTION }),
    route("PATCH", "/subscriptions/{subscriptionId}", update, {
      requestSchema: SUBSCRIPTION,
      responseSchema: SUBSCRIPTION,
    }),
    route("DELETE", "/subscriptions/{subscriptionId}", remove, {}),
    route("POST", "/subscriptions/{subscriptionId}/reauthorize", reauthorize, {}),
  ];
}

function id(req: SimRequest): string {
  const value = req.params.subscriptionId;
  if (value === undefined) throw new Error("route has no {subscriptionId} parameter");
  return value;
}

function parse<S extends z.ZodType>(schema: S, body: unknown, operation: string): z.infer<S> {
  const result = schema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? ` ('${issue.path.join(".")}': ${issue.message})` : "";
    throw new GraphError(
      400,
      "InvalidRequest",
      `Could not process subscription ${operation} payload. Are all property names spelled and camelCased properly?${where}`,
    );
  }
  return result.data;
}
