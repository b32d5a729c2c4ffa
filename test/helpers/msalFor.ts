import { ConfidentialClientApplication } from "@azure/msal-node";
import { trustingNetworkClient } from "../../dev/sim/core/trustingNetworkClient.js";
import type { Simulator } from "../../dev/sim/server.js";

/**
 * An msal-node app configured for the simulator exactly as production code configures it for Entra, except
 * for the authority and the trusted CA.
 */
export function msalFor(
  sim: Simulator,
  credentials: { clientId?: string; clientSecret?: string } = {},
): ConfidentialClientApplication {
  return new ConfidentialClientApplication({
    auth: {
      clientId: credentials.clientId ?? sim.clientId,
      clientSecret: credentials.clientSecret ?? sim.clientSecret,
      authority: sim.urls.authority,
      knownAuthorities: [new URL(sim.urls.login).host],
    },
    system: { networkClient: trustingNetworkClient(sim.caPem) },
  });
}
