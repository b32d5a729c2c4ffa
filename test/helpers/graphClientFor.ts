import {
  AuthenticationHandler,
  Client,
  type Context,
  type Middleware,
  RedirectHandler,
  RedirectHandlerOptions,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
} from "@microsoft/microsoft-graph-client";
import { createTrustingFetch, type FetchLike } from "../../dev/sim/core/trustingFetch.js";
import type { Simulator } from "../../dev/sim/server.js";
import { msalFor } from "./msalFor.js";

const GRAPH_SCOPE = "https://graph.microsoft.com/.default";

export interface GraphClientForOptions {
  clientId?: string;
  clientSecret?: string;
  /** The SDK's RetryHandler (429/503/504 with Retry-After); off to see the simulator's raw answers. */
  retry?: boolean;
}

/**
 * A microsoft-graph-client `Client` for the simulator: tokens from msal-node (unchanged, client credentials),
 * the SDK's own middleware chain, and a last hop that trusts the simulator's CA.
 */
export function graphClientFor(sim: Simulator, opts: GraphClientForOptions = {}): Client {
  const msal = msalFor(sim, opts);
  const authProvider = {
    getAccessToken: async () => {
      const result = await msal.acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] });
      if (!result) throw new Error("msal-node returned no token");
      return result.accessToken;
    },
  };
  const middleware: Middleware[] = [new AuthenticationHandler(authProvider)];
  if (opts.retry ?? true) middleware.push(new RetryHandler(new RetryHandlerOptions()));
  middleware.push(new RedirectHandler(new RedirectHandlerOptions()), new TelemetryHandler());
  middleware.push(new FetchHandler(createTrustingFetch(sim.caPem)));
  return Client.initWithMiddleware({
    baseUrl: sim.urls.graph.replace(/\/v1\.0$/, ""),
    defaultVersion: "v1.0",
    middleware,
    customHosts: new Set([new URL(sim.urls.graph).hostname, "localhost"]),
  });
}

/** The SDK's HTTPMessageHandler, with the global fetch swapped for one that trusts the simulator's CA. */
class FetchHandler implements Middleware {
  constructor(private readonly fetchImpl: FetchLike) {}

  async execute(context: Context): Promise<void> {
    context.response = await this.fetchImpl(
      context.request as string | Request,
      context.options as RequestInit,
    );
  }
}
