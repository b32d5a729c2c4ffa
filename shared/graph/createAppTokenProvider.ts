// App-only tokens (client credentials) from msal-node; msal's in-memory cache serves them until near expiry.
import { ConfidentialClientApplication, type Configuration, LogLevel } from "@azure/msal-node";
import type { FetchFunction } from "./createHttpsFetch.js";
import { createMsalNetworkModule } from "./createMsalNetworkModule.js";
import { GraphRequestError } from "./GraphRequestError.js";
import { parseCertificatePem } from "./parseCertificatePem.js";
import { toAppError } from "./toAppError.js";

export interface AppTokenProviderOptions {
  tenantId: string;
  clientId: string;
  clientSecret?: string | undefined;
  certificatePem?: string | undefined;
  authorityHost: string;
  /** Resource the token is for, `https://graph.microsoft.com/.default` for Graph. */
  scope: string;
  fetch: FetchFunction;
  /** Called when a token came from the token endpoint rather than msal's cache. */
  onTokenRequest?: () => void;
}

export interface AppTokenProvider {
  getAccessToken(): Promise<string>;
}

const PUBLIC_CLOUD_HOST = "login.microsoftonline.com";

export function createAppTokenProvider(options: AppTokenProviderOptions): AppTokenProvider {
  const authorityUrl = new URL(options.authorityHost);
  const authority = `${authorityUrl.origin}/${encodeURIComponent(options.tenantId)}`;
  const credential = options.clientSecret
    ? { clientSecret: options.clientSecret }
    : { clientCertificate: parseCertificatePem(options.certificatePem ?? "") };
  let lastProblem: string | undefined;
  const config: Configuration = {
    auth: {
      clientId: options.clientId,
      authority,
      ...credential,
      // msal only trusts Microsoft's clouds unless told otherwise; the simulator is a host it must accept as-is.
      ...(authorityUrl.hostname === PUBLIC_CLOUD_HOST ? {} : { knownAuthorities: [authorityUrl.host] }),
    },
    system: {
      networkClient: createMsalNetworkModule(options.fetch, (problem) => {
        lastProblem = problem;
      }),
      loggerOptions: { logLevel: LogLevel.Error, piiLoggingEnabled: false, loggerCallback: () => {} },
    },
  };
  const app = new ConfidentialClientApplication(config);
  // Concurrent first calls share one token request instead of racing msal's empty cache.
  let inFlight: Promise<string> | undefined;

  const acquire = async (): Promise<string> => {
    lastProblem = undefined;
    try {
      const result = await app.acquireTokenByClientCredential({ scopes: [options.scope] });
      if (!result?.accessToken) throw new Error("msal returned no access token");
      if (!result.fromCache) options.onTokenRequest?.();
      return result.accessToken;
    } catch (err) {
      const error = toAppError(err);
      // msal hides why discovery failed (an untrusted certificate, an unknown tenant): say what the network saw.
      if (lastProblem && (err as { errorCode?: unknown }).errorCode === "endpoints_resolution_error") {
        throw new GraphRequestError(
          /answered 4\d\d/.test(lastProblem) ? "GRAPH.UNAUTHORIZED" : "GRAPH.UNAVAILABLE",
          `Token discovery at ${authority} failed: ${lastProblem}`,
          { graphCode: "endpoints_resolution_error", cause: err },
        );
      }
      throw error;
    }
  };

  return {
    getAccessToken() {
      inFlight ??= acquire().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
  };
}
