// A three-person tenant and stand-in Graph routes, for testing the simulator's core without the real areas.
import type { Fixture } from "../../dev/sim/fixture.js";
import { GraphError, type GraphRoute } from "../../dev/sim/types.js";

export const ADA_ID = "aaaaaaaa-0000-4000-8000-000000000001";
export const BO_ID = "aaaaaaaa-0000-4000-8000-000000000002";

export const STAND_IN_FIXTURE = {
  now: "2026-11-25T09:00:00Z",
  tenantId: "11111111-2222-4333-8444-555555555555",
  users: [
    {
      id: ADA_ID,
      displayName: "Ada Manager",
      userPrincipalName: "ada@contoso.example",
      mail: "ada@contoso.example",
      mailboxSettings: { timeZone: "Europe/Rome" },
    },
    {
      id: BO_ID,
      displayName: "Bo Report",
      userPrincipalName: "bo@contoso.example",
      managerId: ADA_ID,
      mailboxSettings: { timeZone: "W. Europe Standard Time" },
    },
  ],
  events: [],
} satisfies Fixture | Record<string, unknown>;

const byKey = (key: string) =>
  STAND_IN_FIXTURE.users.find((u) => u.id === key || u.userPrincipalName.toLowerCase() === key.toLowerCase());

/** GET /users/{id}, GET /users/{id}/calendarView, POST /users/{id}/events, shaped like Graph's answers. */
export const standInRoutes: GraphRoute[] = [
  {
    method: "GET",
    pattern: "/users/{id}",
    permissions: ["User.Read.All"],
    responseSchema: "microsoft.graph.user.strict",
    handler: (req) => {
      const user = byKey(req.params.id!);
      if (!user)
        throw new GraphError(404, "Request_ResourceNotFound", `Resource '${req.params.id}' does not exist.`);
      return {
        status: 200,
        body: { id: user.id, displayName: user.displayName, userPrincipalName: user.userPrincipalName },
      };
    },
  },
  {
    method: "GET",
    pattern: "/users/{id}/calendarView",
    permissions: ["Calendars.ReadBasic", "Calendars.Read", "Calendars.ReadWrite"],
    mailboxParam: "id",
    responseSchema: "microsoft.graph.eventCollectionResponse.strict",
    handler: (req) => {
      if (!req.query.get("startDateTime") || !req.query.get("endDateTime")) {
        throw new GraphError(
          400,
          "ErrorInvalidParameter",
          "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.",
        );
      }
      return { status: 200, body: { value: [] } };
    },
  },
  {
    method: "POST",
    pattern: "/users/{id}/events",
    permissions: ["Calendars.ReadWrite"],
    mailboxParam: "id",
    requestSchema: "microsoft.graph.event.strict",
    responseSchema: "microsoft.graph.event.strict",
    handler: (req) => ({ status: 201, body: { id: "AAMkStandIn", ...(req.body as object) } }),
  },
];
