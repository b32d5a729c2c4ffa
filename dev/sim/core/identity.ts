// The Entra ID (v2.0) endpoints a daemon uses: OIDC discovery, client-credentials token, JWKS; and the bearer
// check Graph does on every call.
import { randomUUID } from "node:crypto";
import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  importSPKI,
  importX509,
  type JWK,
  errors as joseErrors,
  jwtVerify,
  SignJWT,
} from "jose";
import { z } from "zod";
import { GraphError } from "../types.js";

/** Application permissions (Graph app roles) Cadence needs, least privilege (DESIGN.md "Platform facts"). */
export const CADENCE_PERMISSIONS = [
  "User.Read.All",
  "Calendars.ReadBasic",
  "Calendars.Read",
  "MailboxSettings.Read",
  "Calendars.ReadWrite",
  "TeamsAppInstallation.ReadWriteSelfForUser.All",
] as const;

export const appRegistrationSchema = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1).optional(),
  /** PEM certificate whose key signs `client_assertion` JWTs (certificate credentials). */
  certificatePem: z.string().min(1).optional(),
  displayName: z.string().default("Cadence"),
  /** Graph application permissions granted (admin-consented) to this app. */
  roles: z.array(z.string()).default([]),
  /**
   * Workload identity federation: tokens another issuer (e.g. an AKS cluster's OIDC issuer) signed for `subject`,
   * with audience `api://AzureADTokenExchange`, are accepted as `client_assertion`. Entra fetches the issuer's keys
   * from its discovery document; the simulator is given the public key instead (no network).
   */
  federatedCredentials: z
    .array(
      z.object({
        issuer: z.string().min(1),
        subject: z.string().min(1),
        audience: z.string().default("api://AzureADTokenExchange"),
        publicKeyPem: z.string().includes("PUBLIC KEY"),
      }),
    )
    .default([]),
  /** A managed identity's service principal: tokens come from the identity endpoint, never with a credential. */
  managedIdentity: z.boolean().default(false),
});
export type AppRegistration = z.input<typeof appRegistrationSchema>;

/** Resources a client-credentials token may be asked for, by the `scope` value msal sends. */
export const RESOURCES = {
  graph: { scope: "https://graph.microsoft.com/.default", audience: "https://graph.microsoft.com" },
  bot: { scope: "https://api.botframework.com/.default", audience: "https://api.botframework.com" },
} as const;
export type Resource = keyof typeof RESOURCES;

export interface TokenEndpointResult {
  status: number;
  body: Record<string, unknown>;
}

export interface VerifiedCaller {
  appId: string;
  roles: string[];
}

type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];

const TOKEN_LIFETIME_SECONDS = 3599;
const CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

export class Identity {
  private readonly apps: Map<string, z.output<typeof appRegistrationSchema>>;
  private readonly keySet: ReturnType<typeof createLocalJWKSet>;

  private constructor(
    readonly tenantId: string,
    apps: AppRegistration[],
    private readonly privateKey: SigningKey,
    private readonly publicJwk: JWK,
    /**
     * Token lifetimes follow the wall clock, not the tenant clock: msal-node caches tokens by real time, and a
     * test that moves the tenant clock by weeks must not see every cached token rejected.
     */
    private readonly wallClock: () => number,
  ) {
    this.apps = new Map(apps.map((a) => appRegistrationSchema.parse(a)).map((a) => [a.clientId, a]));
    this.keySet = createLocalJWKSet({ keys: [publicJwk] });
  }

  static async create(opts: {
    tenantId: string;
    apps: AppRegistration[];
    wallClock?: () => number;
  }): Promise<Identity> {
    const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
    const jwk = await exportJWK(publicKey);
    const kid = `sim-${opts.tenantId.slice(0, 8)}`;
    return new Identity(
      opts.tenantId,
      opts.apps,
      privateKey,
      { ...jwk, kid, use: "sig", alg: "RS256" },
      opts.wallClock ?? Date.now,
    );
  }

  get issuer(): string {
    // Graph's app-only tokens are v1.0 tokens, whatever endpoint issued them.
    return `https://sts.windows.net/${this.tenantId}/`;
  }

  /** Whether `/{tenant}/…` names this tenant: its id, or a domain name (any verified domain is accepted). */
  knowsTenant(tenant: string): boolean {
    return (
      tenant.toLowerCase() === this.tenantId.toLowerCase() || /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(tenant)
    );
  }

  /** OIDC discovery document; URLs use the host the client called so msal-node's issuer check passes. */
  openIdConfiguration(origin: string, tenant: string): Record<string, unknown> {
    const base = `${origin}/${tenant}`;
    return {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
      jwks_uri: `${origin}/${tenant}/discovery/v2.0/keys`,
      response_modes_supported: ["query", "fragment", "form_post"],
      subject_types_supported: ["pairwise"],
      id_token_signing_alg_values_supported: ["RS256"],
      response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
      scopes_supported: ["openid", "profile", "email", "offline_access"],
      issuer: `${origin}/${this.tenantId}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${origin}/oidc/userinfo`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      claims_supported: ["sub", "iss", "aud", "exp", "iat", "nbf", "tid", "roles", "appid", "azp"],
      tenant_region_scope: "EU",
      cloud_instance_name: "microsoftonline.com",
      msgraph_host: "graph.microsoft.com",
    };
  }

  jwks(): { keys: JWK[] } {
    return { keys: [this.publicJwk] };
  }

  /** `POST /{tenant}/oauth2/v2.0/token`, client-credentials grant only, with Entra's error bodies. */
  async token(form: URLSearchParams, tokenEndpointUrl: string): Promise<TokenEndpointResult> {
    const grantType = form.get("grant_type");
    if (grantType !== "client_credentials") {
      return this.error(
        400,
        "unsupported_grant_type",
        70003,
        `The app requested an unsupported grant type '${grantType ?? ""}'.`,
      );
    }
    const clientId = form.get("client_id") ?? "";
    const app = this.apps.get(clientId);
    if (!app) {
      return this.error(
        400,
        "unauthorized_client",
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${this.tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      );
    }
    const secret = form.get("client_secret");
    const assertion = form.get("client_assertion");
    let appidacr: "1" | "2";
    if (secret !== null) {
      if (!app.clientSecret || secret !== app.clientSecret) {
        return this.error(
          401,
          "invalid_client",
          7000215,
          `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
        );
      }
      appidacr = "1";
    } else if (assertion !== null && this.federatedIssuer(app, assertion)) {
      const problem = await this.verifyFederated(app, assertion);
      if (problem) return this.error(400, "invalid_client", problem.code, problem.message);
      appidacr = "2";
    } else if (assertion !== null) {
      if (form.get("client_assertion_type") !== CLIENT_ASSERTION_TYPE || !app.certificatePem) {
        return this.error(401, "invalid_client", 700027, "Client assertion failed signature validation.");
      }
      try {
        const key = await importX509(app.certificatePem, "RS256");
        const keyPs = await importX509(app.certificatePem, "PS256");
        const header = JSON.parse(Buffer.from(assertion.split(".")[0] ?? "", "base64url").toString("utf8"));
        await jwtVerify(assertion, header.alg === "PS256" ? keyPs : key, {
          issuer: clientId,
          subject: clientId,
          audience: tokenEndpointUrl,
          currentDate: new Date(this.wallClock()),
          // Entra tolerates clock skew; msal rounds `nbf` to the nearest second, jose floors the current time.
          clockTolerance: 300,
          algorithms: ["RS256", "PS256"],
        });
      } catch (err) {
        return this.error(
          401,
          "invalid_client",
          700027,
          `Client assertion failed signature validation. (${(err as Error).message})`,
        );
      }
      appidacr = "2";
    } else {
      return this.error(
        401,
        "invalid_client",
        7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      );
    }
    const scope = form.get("scope") ?? "";
    const resource = resourceForScope(scope);
    if (!resource) {
      return this.error(
        400,
        "invalid_scope",
        1002012,
        `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      );
    }
    const accessToken = await this.issueToken(clientId, resource, { appidacr });
    return {
      status: 200,
      body: {
        token_type: "Bearer",
        expires_in: TOKEN_LIFETIME_SECONDS,
        ext_expires_in: TOKEN_LIFETIME_SECONDS,
        access_token: accessToken,
      },
    };
  }

  /** The federated credential whose issuer signed the assertion, if any (the `iss` claim, read unverified). */
  private federatedIssuer(app: z.output<typeof appRegistrationSchema>, assertion: string) {
    let issuer: unknown;
    try {
      issuer = JSON.parse(Buffer.from(assertion.split(".")[1] ?? "", "base64url").toString("utf8")).iss;
    } catch {
      return undefined;
    }
    return app.federatedCredentials.find((f) => f.issuer === issuer);
  }

  private async verifyFederated(
    app: z.output<typeof appRegistrationSchema>,
    assertion: string,
  ): Promise<{ code: number; message: string } | undefined> {
    const federated = this.federatedIssuer(app, assertion)!;
    try {
      const { payload } = await jwtVerify(assertion, await importSPKI(federated.publicKeyPem, "RS256"), {
        issuer: federated.issuer,
        audience: federated.audience,
        currentDate: new Date(this.wallClock()),
        algorithms: ["RS256"],
      });
      const match = app.federatedCredentials.some(
        (f) => f.issuer === payload.iss && f.subject === payload.sub && f.audience === federated.audience,
      );
      if (match) return undefined;
      return {
        code: 70021,
        message: `No matching federated identity record found for presented assertion subject '${payload.sub ?? ""}'.`,
      };
    } catch (err) {
      return {
        code: 700024,
        message: `Client assertion is not within its valid time range or failed validation. (${(err as Error).message})`,
      };
    }
  }

  /**
   * App Service's managed identity endpoint (`GET IDENTITY_ENDPOINT?resource=…&api-version=2019-08-01`, header
   * `X-IDENTITY-HEADER`): a token for the app's system-assigned identity, or for the user-assigned one named by
   * `client_id`. Only identities, never app registrations, get tokens here.
   */
  async managedIdentityToken(
    query: URLSearchParams,
    identityHeader: string | undefined,
    expected: { identityHeader: string; systemAssignedClientId: string },
  ): Promise<TokenEndpointResult> {
    if (identityHeader !== expected.identityHeader) {
      return {
        status: 401,
        body: { statusCode: 401, message: "Unauthorized: the X-IDENTITY-HEADER is missing or wrong." },
      };
    }
    if (query.get("api-version") !== "2019-08-01") {
      return { status: 400, body: { statusCode: 400, message: "Unsupported api-version; use 2019-08-01." } };
    }
    const clientId = query.get("client_id") ?? expected.systemAssignedClientId;
    const app = this.apps.get(clientId);
    if (!app?.managedIdentity) {
      return {
        status: 400,
        body: {
          statusCode: 400,
          message: `No managed identity with client id '${clientId}' is assigned to this app.`,
        },
      };
    }
    const raw = (query.get("resource") ?? "").replace(/\/+$/, "").toLowerCase();
    const resource = (Object.keys(RESOURCES) as Resource[]).find((r) => RESOURCES[r].audience === raw);
    if (!resource) {
      return {
        status: 400,
        body: { statusCode: 400, message: `Unknown resource '${query.get("resource") ?? ""}'.` },
      };
    }
    const accessToken = await this.issueToken(clientId, resource, { appidacr: "2" });
    const expiresOn = Math.floor(this.wallClock() / 1000) + TOKEN_LIFETIME_SECONDS;
    return {
      status: 200,
      body: {
        access_token: accessToken,
        expires_on: String(expiresOn),
        resource: RESOURCES[resource].audience,
        token_type: "Bearer",
        client_id: clientId,
      },
    };
  }

  /** Mints an access token as the token endpoint would; tests use `lifetimeSeconds <= 0` for expired tokens. */
  async issueToken(
    clientId: string,
    resource: Resource,
    opts: { lifetimeSeconds?: number; appidacr?: "1" | "2"; roles?: string[] } = {},
  ): Promise<string> {
    const app = this.apps.get(clientId);
    const nowSeconds = Math.floor(this.wallClock() / 1000);
    const lifetime = opts.lifetimeSeconds ?? TOKEN_LIFETIME_SECONDS;
    const roles = opts.roles ?? (resource === "graph" ? (app?.roles ?? []) : []);
    return new SignJWT({
      aud: RESOURCES[resource].audience,
      tid: this.tenantId,
      appid: clientId,
      azp: clientId,
      appidacr: opts.appidacr ?? "1",
      idtyp: "app",
      oid: servicePrincipalId(clientId),
      sub: servicePrincipalId(clientId),
      app_displayname: app?.displayName ?? clientId,
      ...(roles.length > 0 ? { roles } : {}),
      ver: "1.0",
      uti: randomUUID(),
    })
      .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: this.publicJwk.kid! })
      .setIssuer(this.issuer)
      .setIssuedAt(Math.min(nowSeconds, nowSeconds + lifetime - 1))
      .setNotBefore(Math.min(nowSeconds, nowSeconds + lifetime - 1))
      .setExpirationTime(nowSeconds + lifetime)
      .sign(this.privateKey);
  }

  /** Graph's bearer check: a 401 `InvalidAuthenticationToken` GraphError on anything but a valid token. */
  async verifyBearer(
    authorization: string | undefined,
    resource: Resource = "graph",
  ): Promise<VerifiedCaller> {
    const token = /^Bearer\s+(.+)$/i.exec(authorization ?? "")?.[1]?.trim();
    if (!token) throw unauthorized("Access token is empty.");
    try {
      const { payload } = await jwtVerify(token, this.keySet, {
        audience: RESOURCES[resource].audience,
        issuer: this.issuer,
        currentDate: new Date(this.wallClock()),
        algorithms: ["RS256"],
      });
      const appId = typeof payload.appid === "string" ? payload.appid : "";
      const roles = Array.isArray(payload.roles) ? payload.roles.filter((r) => typeof r === "string") : [];
      return { appId, roles };
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired)
        throw unauthorized("Lifetime validation failed, the token is expired.");
      if (err instanceof joseErrors.JWTClaimValidationFailed && err.claim === "aud") {
        throw unauthorized("Access token validation failure. Invalid audience.");
      }
      if (
        err instanceof joseErrors.JWSSignatureVerificationFailed ||
        err instanceof joseErrors.JWKSNoMatchingKey
      ) {
        throw unauthorized("Signature validation failed.");
      }
      if (err instanceof joseErrors.JWSInvalid || err instanceof joseErrors.JWTInvalid) {
        throw unauthorized("IDX14100: JWT is not well formed.");
      }
      throw unauthorized("Access token validation failure.");
    }
  }

  private error(status: number, error: string, code: number, description: string): TokenEndpointResult {
    const traceId = randomUUID();
    const correlationId = randomUUID();
    const timestamp = new Date(this.wallClock())
      .toISOString()
      .replace("T", " ")
      .replace(/\.\d+Z$/, "Z");
    return {
      status,
      body: {
        error,
        error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
        error_codes: [code],
        timestamp,
        trace_id: traceId,
        correlation_id: correlationId,
        error_uri: `https://login.microsoftonline.com/error?code=${code}`,
      },
    };
  }
}

function resourceForScope(scope: string): Resource | undefined {
  const scopes = scope.split(/\s+/).filter(Boolean);
  if (scopes.length !== 1) return undefined;
  for (const [name, r] of Object.entries(RESOURCES) as [Resource, (typeof RESOURCES)[Resource]][]) {
    if (scopes[0]!.toLowerCase() === r.scope) return name;
  }
  return undefined;
}

function unauthorized(message: string): GraphError {
  return new GraphError(401, "InvalidAuthenticationToken", message, {
    "www-authenticate":
      'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
  });
}

/** A stable service-principal object id per app (Entra gives each app's principal its own GUID). */
function servicePrincipalId(clientId: string): string {
  const hex = Buffer.from(clientId).toString("hex").padEnd(32, "0").slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
