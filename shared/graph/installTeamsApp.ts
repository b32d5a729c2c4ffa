// Installs the Cadence Teams app for one user (TeamsAppInstallation.ReadWriteSelfForUser.All), so the bot may
// message them.
import type { GraphGateway } from "./types.js";

/**
 * `POST /users/{id}/teamwork/installedApps` through a one-request `$batch` (the gateway's retrying path).
 * "alreadyInstalled" when Graph answers 409; any other failure is thrown as the batch item's AppError.
 */
export async function installTeamsApp(
  gateway: Pick<GraphGateway, "batch">,
  userId: string,
  teamsAppId: string,
): Promise<"installed" | "alreadyInstalled"> {
  const [result] = await gateway.batch([
    {
      method: "POST",
      url: `/users/${encodeURIComponent(userId)}/teamwork/installedApps`,
      headers: { "content-type": "application/json" },
      body: {
        "teamsApp@odata.bind": `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${encodeURIComponent(teamsAppId)}`,
      },
    },
  ]);
  if (!result) throw new Error("Graph $batch returned no answer for the installation request");
  if (result.ok) return "installed";
  if (result.status === 409) return "alreadyInstalled";
  throw result.error;
}
