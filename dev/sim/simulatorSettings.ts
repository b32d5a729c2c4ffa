import type { Simulator } from "./server.js";

/** The app settings that point Cadence's Graph gateway at a running simulator (see shared/config.ts). */
export function simulatorSettings(
  sim: Pick<Simulator, "tenantId" | "clientId" | "clientSecret" | "urls" | "caCert">,
): Record<string, string> {
  return {
    GRAPH_TENANT_ID: sim.tenantId,
    GRAPH_CLIENT_ID: sim.clientId,
    GRAPH_CLIENT_SECRET: sim.clientSecret,
    GRAPH_AUTHORITY_HOST: sim.urls.login,
    GRAPH_BASE_URL: sim.urls.graph,
    GRAPH_CA_CERT_PATH: sim.caCert,
  };
}
