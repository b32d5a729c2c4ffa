import { readFileSync } from "node:fs";
import type { GraphSettings } from "../config.js";
import { createGraphGateway } from "../graph/createGraphGateway.js";
import type { GraphGateway } from "../graph/types.js";

/** The Graph gateway the settings describe (secret or certificate; the simulator's CA when given). */
export function gatewayFromSettings(settings: GraphSettings): GraphGateway {
  const read = (path: string | undefined) => (path ? readFileSync(path, "utf8") : undefined);
  return createGraphGateway({
    tenantId: settings.GRAPH_TENANT_ID,
    clientId: settings.GRAPH_CLIENT_ID,
    ...(settings.GRAPH_CLIENT_CERTIFICATE_PATH
      ? { certificatePem: read(settings.GRAPH_CLIENT_CERTIFICATE_PATH) }
      : { clientSecret: settings.GRAPH_CLIENT_SECRET }),
    authorityHost: settings.GRAPH_AUTHORITY_HOST,
    graphBaseUrl: settings.GRAPH_BASE_URL,
    caPem: read(settings.GRAPH_CA_CERT_PATH),
  });
}
