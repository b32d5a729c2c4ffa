// App-only Graph tokens: from a managed identity or workload identity federation through @azure/identity (no
// secret in the settings), or by client credentials (secret or certificate) through msal-node, whose in-memory
// cache serves them until near expiry.
import { ManagedIdentityCredential, type TokenCredential, WorkloadIdentityCredential } from "@azure/identity";
import { ConfidentialClientApplication, type Configuration, LogLevel } from "@azure/msal-node";
import type { FetchFunction } from "./createHttpsFetch.js";
import { createIdentityHttpClient } from "./createIdentityHttpClient.js";
import { createMsalNetworkModule } from "./createMsalNetworkModule.js";
import { GraphRequestError } from "./GraphRequestError.js";
import type { GraphCredentialKind } from "./graphCredentialKindSchema.js";
import { parseCertificatePem } from "./parseCertificatePem.js";
import { toAppError } from "./toAppError.js";

export interface AppTokenProviderOptions {
  /** Unset: secret when one is given, else certificate. */
  credential?: GraphCredentialKind | undefined;
  tenantId: string;
  /** The app registration's; for a managed identity, a user-assigned identity's (unset: system-assigned). */
  clientId?: string | undefined;
  /** Workload identity federation's token file (AZURE_FEDERATED_TOKEN_FILE). */
  federatedTokenFile?: string | undefined;
  clientSecret?: string | undefined;
  certificatePem?: string | undefined;
  authorityHost: string;
  /** Resource the token is for, `https://graph.microsoft.com/.default` for Graph. */
  scope: string;
  fetch: FetchFunction;
  /** Called when a token came from the token endpoint rather than msal's cache. */
  onTokenRequest?: () => void;
  /**
   * Client credentials: waits before each new attempt after a transient failure of the token endpoint (429, 5xx,
   * a dropped, timed-out or garbled answer); one attempt more than delays. Default 0.5 s, 2 s, 5 s.
   */
  retryDelaysMs?: readonly number[];
}

export interface AppTokenProvider {
  getAccessToken(): Promise<string>;
}

const PUBLIC_CLOUD_HOST = "login.microsoftonline.com";

export function createAppTokenProvider(options: AppTokenProviderOptions): AppTokenProvider {
  switch (options.credential) {
    case "managedIdentity":
      return fromTokenCredential(
        new ManagedIdentityCredential({
          ...(options.clientId ? { clientId: options.clientId } : {}),
          httpClient: createIdentityHttpClient(options.fetch),
        }),
        options,
      );
    case "workloadIdentity":
      return fromTokenCredential(
        new WorkloadIdentityCredential({
          tenantId: options.tenantId,
          clientId: options.clientId ?? "",
          tokenFilePath: options.federatedTokenFile ?? "",
          authorityHost: options.authorityHost,
          // As for msal below: an authority outside Microsoft's clouds (the simulator) is taken as given.
          disableInstanceDiscovery: new URL(options.authorityHost).hostname !== PUBLIC_CLOUD_HOST,
          httpClient: createIdentityHttpClient(options.fetch),
        }),
        options,
      );
    default:
      return fromClientCredentials(options);
  }
}

/** Tokens are reused until five minutes before they expire (or the refresh time the identity suggests). */
const REFRESH_MARGIN_MS = 5 * 60_000;

function fromTokenCredential(
  credential: TokenCredential,
  options: AppTokenProviderOptions,
): AppTokenProvider {
  let cached: { token: string; refreshAt: number } | undefined;
  let inFlight: Promise<string> | undefined;
  const acquire = async (): Promise<string> => {
    try {
      const token = await credential.getToken(options.scope);
      if (!token) throw new Error("the identity returned no access token");
      options.onTokenRequest?.();
      cached = {
        token: token.token,
        refreshAt: token.refreshAfterTimestamp ?? token.expiresOnTimestamp - REFRESH_MARGIN_MS,
      };
      return token.token;
    } catch (err) {
      throw new GraphRequestError(
        "GRAPH.UNAUTHORIZED",
        `No Graph token from the ${options.credential}: ${err instanceof Error ? err.message : String(err)}`,
        { cause: err },
      );
    }
  };
  return {
    getAccessToken() {
      if (cached && Date.now() < cached.refreshAt) return Promise.resolve(cached.token);
      inFlight ??= acquire().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
  };
}

function fromClientCredentials(options: AppTokenProviderOptions): AppTokenProvider {
  const authorityUrl = new URL(options.authorityHost);
  const authority = `${authorityUrl.origin}/${encodeURIComponent(options.tenantId)}`;
  const credential = options.clientSecret
    ? { clientSecret: options.clientSecret }
    : { clientCertificate: parseCertificatePem(options.certificatePem ?? "") };
  let lastProblem: string | undefined;
  const config: Configuration = {
    auth: {
      clientId: options.clientId ?? "",
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

  const delays = options.retryDelaysMs ?? [500, 2000, 5000];
  const acquire = async (): Promise<string> => {
    let problem: string | undefined;
    for (let attempt = 0; ; attempt++) {
      try {
        return await acquireOnce();
      } catch (err) {
        // A token endpoint that refused for a while or lost its answer is asked again; a refusal of the credentials
        // (any other 4xx) is final. msal itself refuses to ask again before a 429/5xx's Retry-After has passed (60 s
        // without one), failing without a request: that keeps the earlier attempt's transient problem.
        if (lastProblem !== undefined) problem = lastProblem;
        const transient = problem !== undefined && !/answered 4(?!29)\d\d/.test(problem);
        if (!transient) throw err;
        if (attempt >= delays.length) {
          throw new GraphRequestError(
            "GRAPH.UNAVAILABLE",
            `No token from ${authority} after ${attempt + 1} attempts: ${problem}`,
            { cause: err },
          );
        }
        await new Promise((resolve) => setTimeout(resolve, delays[attempt]));
      }
    }
  };
  const acquireOnce = async (): Promise<string> => {
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
