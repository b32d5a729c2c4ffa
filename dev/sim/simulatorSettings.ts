import type { Simulator } from "./server.js";
import type { TeamsService } from "./teams/teamsService.js";

/** The app settings that point Cadence's Graph gateway at a running simulator (see shared/config.ts). */
export function simulatorSettings(
  sim: Pick<Simulator, "tenantId" | "clientId" | "clientSecret" | "urls" | "caCert"> & {
    teams?: Pick<TeamsService, "serviceUrl" | "openIdMetadataUrl" | "issuer" | "teamsAppId">;
  },
): Record<string, string> {
  return {
    ...(sim.teams
      ? {
          CADENCE_BOT_SERVICE_URL: sim.teams.serviceUrl,
          CADENCE_BOT_OPENID_METADATA_URL: sim.teams.openIdMetadataUrl,
          CADENCE_BOT_ISSUER: sim.teams.issuer,
          CADENCE_TEAMS_APP_ID: sim.teams.teamsAppId,
        }
      : {}),
    GRAPH_TENANT_ID: sim.tenantId,
    GRAPH_CLIENT_ID: sim.clientId,
    GRAPH_CLIENT_SECRET: sim.clientSecret,
    GRAPH_AUTHORITY_HOST: sim.urls.login,
    GRAPH_BASE_URL: sim.urls.graph,
    GRAPH_CA_CERT_PATH: sim.caCert,
  };
}
