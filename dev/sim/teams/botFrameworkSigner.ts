// The Bot Framework channel's side of inbound auth: its own key pair, OpenID metadata and JWKS, and the JWT it puts
// on every activity it posts to a bot (as login.botframework.com / api.botframework.com do for Teams).
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";

type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];

/** Bot Framework tokens live about an hour. */
const INBOUND_TOKEN_LIFETIME_SECONDS = 3600;

export interface InboundTokenOptions {
  audience: string;
  serviceUrl: string;
  /** `<= 0` gives an already expired token (tests). */
  lifetimeSeconds?: number;
}

export class BotFrameworkSigner {
  private constructor(
    private readonly privateKey: SigningKey,
    private readonly publicJwk: JWK,
    private readonly wallClock: () => number,
  ) {}

  static async create(wallClock: () => number = Date.now): Promise<BotFrameworkSigner> {
    const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
    const jwk = await exportJWK(publicKey);
    // Bot Framework's keys carry the channels they may sign for; a bot can check "msteams" is endorsed.
    return new BotFrameworkSigner(
      privateKey,
      { ...jwk, kid: "sim-botframework-1", use: "sig", alg: "RS256", endorsements: ["msteams"] } as JWK,
      wallClock,
    );
  }

  /** `https://host:port/botConnector`: the simulator's stand-in for `https://api.botframework.com`. */
  static issuerFor(botConnectorBase: string): string {
    return botConnectorBase;
  }

  /** Like `https://login.botframework.com/v1/.well-known/openidconfiguration`. */
  openIdMetadata(botConnectorBase: string): Record<string, unknown> {
    return {
      issuer: BotFrameworkSigner.issuerFor(botConnectorBase),
      authorization_endpoint: `${botConnectorBase}/v1/.well-known/authorize`,
      jwks_uri: `${botConnectorBase}/v1/.well-known/keys`,
      id_token_signing_alg_values_supported: ["RS256"],
      token_endpoint_auth_methods_supported: ["private_key_jwt"],
    };
  }

  jwks(): { keys: JWK[] } {
    return { keys: [this.publicJwk] };
  }

  async sign(botConnectorBase: string, opts: InboundTokenOptions): Promise<string> {
    const now = Math.floor(this.wallClock() / 1000);
    const lifetime = opts.lifetimeSeconds ?? INBOUND_TOKEN_LIFETIME_SECONDS;
    // Bot Framework names the claim in lower case; botbuilder and the Agents SDK read `serviceurl`.
    return new SignJWT({ serviceurl: opts.serviceUrl })
      .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: this.publicJwk.kid! })
      .setIssuer(BotFrameworkSigner.issuerFor(botConnectorBase))
      .setAudience(opts.audience)
      .setIssuedAt(Math.min(now, now + lifetime - 1))
      .setNotBefore(Math.min(now, now + lifetime - 1))
      .setExpirationTime(now + lifetime)
      .sign(this.privateKey);
  }
}
