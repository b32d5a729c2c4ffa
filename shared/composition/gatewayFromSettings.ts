import { readFileSync } from "node:fs";
import type { GraphSettings } from "../config.js";
import { AppError } from "../errors.js";
import { createGraphGateway } from "../graph/createGraphGateway.js";
import type { GraphGateway } from "../graph/types.js";
import { graphAuthFromSettings } from "../graphAuthFromSettings.js";

/**
 * The Graph gateway the settings describe: tokens from the managed identity or workload identity when the
 * settings choose or the platform offers one, else the secret or certificate; the simulator's CA when given.
 */
export function gatewayFromSettings(settings: GraphSettings): GraphGateway {
  const read = (path: string | undefined) => (path ? readFileSync(path, "utf8") : undefined);
  const auth = graphAuthFromSettings(settings);
  if (!auth.kind) {
    // config.ts refuses these settings already; this guards callers that built Settings by hand.
    throw new AppError(
      "CONFIG.INVALID",
      `No way to get Graph tokens: ${auth.problems.map((p) => `${p.setting}: ${p.message}`).join("; ")}`,
    );
  }
  const credential =
    auth.kind === "certificate"
      ? { certificatePem: read(settings.GRAPH_CLIENT_CERTIFICATE_PATH) }
      : auth.kind === "secret"
        ? { clientSecret: settings.GRAPH_CLIENT_SECRET }
        : auth.kind === "workloadIdentity"
          ? { federatedTokenFile: settings.AZURE_FEDERATED_TOKEN_FILE }
          : {};
  return createGraphGateway({
    credential: auth.kind,
    tenantId: settings.GRAPH_TENANT_ID,
    ...(settings.GRAPH_CLIENT_ID ? { clientId: settings.GRAPH_CLIENT_ID } : {}),
    ...credential,
    authorityHost: settings.GRAPH_AUTHORITY_HOST,
    graphBaseUrl: settings.GRAPH_BASE_URL,
    caPem: read(settings.GRAPH_CA_CERT_PATH),
    timeoutMs: settings.GRAPH_TIMEOUT_MS,
  });
}
