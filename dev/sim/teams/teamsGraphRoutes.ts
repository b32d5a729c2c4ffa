// Graph v1.0's per-user Teams app installation endpoints over the simulated Teams.
import { GraphError, type GraphRoute, type SimRequest } from "../types.js";
import type { TeamsService } from "./teamsService.js";

/** From the docs of install/list/get-chat of userTeamworkInstalledApp (application permissions). */
const INSTALL = [
  "TeamsAppInstallation.ReadWriteSelfForUser.All",
  "TeamsAppInstallation.ReadWriteForUser.All",
];
const READ = [...INSTALL, "TeamsAppInstallation.ReadForUser.All", "TeamsAppInstallation.ReadSelfForUser.All"];
const CHAT_READ = [...INSTALL, "Chat.ReadBasic.All", "Chat.Read.All", "Chat.ReadWrite.All"];

const FILTER = /^\s*(teamsApp\/id|teamsApp\/externalId|teamsAppDefinition\/teamsAppId)\s+eq\s+'([^']*)'\s*$/i;

export function teamsGraphRoutes(teams: TeamsService): GraphRoute[] {
  return [
    {
      method: "POST",
      pattern: "/users/{id}/teamwork/installedApps",
      permissions: INSTALL,
      handler: (req) => {
        const body = req.body as Record<string, unknown> | undefined;
        teams.install(req.params.id!, body?.["teamsApp@odata.bind"], req.appId);
        return { status: 201 };
      },
    },
    {
      method: "GET",
      pattern: "/users/{id}/teamwork/installedApps",
      permissions: READ,
      handler: (req) => {
        const expand = expansions(req);
        const match = filterOf(req);
        const value = teams
          .installedAppsOf(req.params.id!)
          .filter(({ teamsApp }) => match(teamsApp))
          .map(({ installation, teamsApp }) => ({
            id: installation.id,
            ...(expand.has("teamsapp") ? { teamsApp } : {}),
            ...(expand.has("teamsappdefinition")
              ? {
                  teamsAppDefinition: {
                    id: Buffer.from(`${teamsApp.id}##1.0.0`).toString("base64"),
                    teamsAppId: teamsApp.id,
                    displayName: teamsApp.displayName,
                    version: "1.0.0",
                  },
                }
              : {}),
          }));
        return {
          status: 200,
          body: {
            "@odata.context": `https://graph.microsoft.com/v1.0/$metadata#users('${req.params.id}')/teamwork/installedApps`,
            value,
          },
        };
      },
    },
    {
      method: "GET",
      pattern: "/users/{id}/teamwork/installedApps/{installationId}/chat",
      permissions: CHAT_READ,
      handler: (req) => ({
        status: 200,
        body: {
          "@odata.context": `https://graph.microsoft.com/v1.0/$metadata#chats/$entity`,
          ...teams.chatOf(req.params.id!, req.params.installationId!),
        },
      }),
    },
    {
      method: "DELETE",
      pattern: "/users/{id}/teamwork/installedApps/{installationId}",
      permissions: INSTALL,
      handler: (req) => {
        teams.chatOf(req.params.id!, req.params.installationId!);
        teams.uninstall(req.params.id!);
        return { status: 204 };
      },
    },
  ];
}

function expansions(req: SimRequest): Set<string> {
  const raw = req.query.get("$expand") ?? "";
  const out = new Set(
    raw
      .split(",")
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  );
  for (const e of out) {
    if (e !== "teamsapp" && e !== "teamsappdefinition") {
      throw new GraphError(
        400,
        "BadRequest",
        `Could not find a property named '${e}' on userScopeTeamsAppInstallation.`,
      );
    }
  }
  return out;
}

function filterOf(req: SimRequest): (app: Record<string, unknown>) => boolean {
  const raw = req.query.get("$filter");
  if (raw === null) return () => true;
  const m = FILTER.exec(raw);
  if (!m) throw new GraphError(400, "BadRequest", `Unsupported filter: ${raw}`);
  const field = m[1]!.toLowerCase() === "teamsapp/externalid" ? "externalId" : "id";
  return (app) => String(app[field]).toLowerCase() === m[2]!.toLowerCase();
}
