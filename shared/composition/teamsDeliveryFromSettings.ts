import { readFileSync } from "node:fs";
import type { Settings } from "../config.js";
import { AppError } from "../errors.js";
import { createAppTokenProvider } from "../graph/createAppTokenProvider.js";
import { createHttpsFetch } from "../graph/createHttpsFetch.js";
import { installTeamsApp } from "../graph/installTeamsApp.js";
import type { GraphGateway } from "../graph/types.js";
import { createBotConnectorClient } from "../teams/createBotConnectorClient.js";
import { createTeamsDelivery } from "../teams/createTeamsDelivery.js";
import type { TeamsDelivery } from "../usecases/ports/teamsDelivery.js";
import { botAppIdFromSettings } from "./botAppIdFromSettings.js";

/**
 * Card delivery through the Bot Connector as the settings describe it: the bot's own credentials (the Graph app's
 * when unset), and the Teams app installed through `gateway` when CADENCE_TEAMS_APP_ID is set.
 */
export function teamsDeliveryFromSettings(
  settings: Settings,
  gateway: Pick<GraphGateway, "batch">,
): TeamsDelivery {
  const read = (path: string | undefined) => (path ? readFileSync(path, "utf8") : undefined);
  const caPem = read(settings.GRAPH_CA_CERT_PATH);
  const fetch = createHttpsFetch({ ...(caPem ? { caPem } : {}), timeoutMs: settings.GRAPH_TIMEOUT_MS });
  const botAppId = botAppIdFromSettings(settings);
  if (!botAppId) {
    throw new AppError("CONFIG.INVALID", "Cards need a bot: set CADENCE_BOT_APP_ID (or GRAPH_CLIENT_ID)");
  }
  const ownCredentials = settings.CADENCE_BOT_APP_ID !== undefined;
  const tokens = createAppTokenProvider({
    tenantId: settings.GRAPH_TENANT_ID,
    clientId: botAppId,
    ...(ownCredentials
      ? { clientSecret: settings.CADENCE_BOT_APP_SECRET }
      : settings.GRAPH_CLIENT_CERTIFICATE_PATH
        ? { certificatePem: read(settings.GRAPH_CLIENT_CERTIFICATE_PATH) }
        : { clientSecret: settings.GRAPH_CLIENT_SECRET }),
    authorityHost: settings.GRAPH_AUTHORITY_HOST,
    scope: "https://api.botframework.com/.default",
    fetch,
  });
  const teamsAppId = settings.CADENCE_TEAMS_APP_ID;
  return createTeamsDelivery({
    connector: createBotConnectorClient({ tokens, botAppId, fetch, timeoutMs: settings.GRAPH_TIMEOUT_MS }),
    serviceUrl: settings.CADENCE_BOT_SERVICE_URL,
    ...(teamsAppId ? { installApp: (userId: string) => installTeamsApp(gateway, userId, teamsAppId) } : {}),
  });
}
