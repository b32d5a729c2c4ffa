import { createGraphGateway, type GraphGatewayOptions } from "../../shared/graph/createGraphGateway.js";
import type { GraphGateway } from "../../shared/graph/types.js";
import type { Simulator } from "./server.js";

/** Cadence's real Graph gateway, signed in as the simulator's default app and trusting its CA. */
export function simulatorGateway(
  sim: Pick<Simulator, "tenantId" | "clientId" | "clientSecret" | "urls" | "caPem">,
  options: Partial<GraphGatewayOptions> = {},
): GraphGateway {
  return createGraphGateway({
    tenantId: sim.tenantId,
    clientId: sim.clientId,
    clientSecret: sim.clientSecret,
    authorityHost: sim.urls.login,
    graphBaseUrl: sim.urls.graph,
    caPem: sim.caPem,
    ...options,
  });
}
