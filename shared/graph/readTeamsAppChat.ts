// The 1:1 chat between a user and the Cadence app installed for them: its id is also a Bot Connector conversation id.
import type { GraphGateway } from "./types.js";

interface InstalledApps {
  value: { id: string; teamsApp?: { id: string } }[];
}

/**
 * `GET /users/{id}/teamwork/installedApps?$expand=teamsApp&$filter=teamsApp/id eq '{teamsAppId}'`, then that
 * installation's `/chat`. Undefined when the app is not installed for the user.
 */
export async function readTeamsAppChat(
  gateway: Pick<GraphGateway, "get">,
  userId: string,
  teamsAppId: string,
): Promise<{ installationId: string; chatId: string } | undefined> {
  const user = encodeURIComponent(userId);
  const filter = encodeURIComponent(`teamsApp/id eq '${teamsAppId.replaceAll("'", "''")}'`);
  const apps = await gateway.get<InstalledApps>(
    `/users/${user}/teamwork/installedApps?$expand=teamsApp&$filter=${filter}`,
  );
  const installation = apps.value.find((a) => a.teamsApp?.id === teamsAppId);
  if (!installation) return undefined;
  const chat = await gateway.get<{ id: string }>(
    `/users/${user}/teamwork/installedApps/${encodeURIComponent(installation.id)}/chat`,
  );
  return { installationId: installation.id, chatId: chat.id };
}
