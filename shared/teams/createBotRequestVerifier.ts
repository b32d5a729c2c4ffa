// Authenticates what the Bot Framework channel posts to the bot endpoint: a JWT the channel signed with a key
// from its OpenID metadata's JWKS, for this bot, naming the serviceUrl the activity came from.
import type { HttpRequest } from "@azure/functions";
import { createLocalJWKSet, type JSONWebKeySet, errors as joseErrors, jwtVerify } from "jose";
import { z } from "zod";
import { AppError } from "../errors.js";
import type { FetchFunction } from "../graph/createHttpsFetch.js";
import { type BotActivityIn, botActivitySchema } from "./botActivitySchema.js";

export interface BotRequestVerifierOptions {
  /** The bot's Microsoft App ID: the only accepted audience. Required, so no request is ever anonymous. */
  botAppId: string;
  /** e.g. `https://login.botframework.com/v1/.well-known/openidconfiguration`. */
  openIdMetadataUrl: string;
  /** e.g. `https://api.botframework.com`. */
  issuer: string;
  fetch: FetchFunction;
  now?: () => Date;
}

export interface BotRequestVerifier {
  /** The request's activity once its token checks out; AppError BOT.UNAUTHORIZED (401) or BOT.BAD_ACTIVITY (400). */
  verify(request: HttpRequest): Promise<BotActivityIn>;
}

const metadataSchema = z.looseObject({ jwks_uri: z.url() });
const jwksSchema = z.looseObject({ keys: z.array(z.looseObject({ kid: z.string().optional() })) });
/** Keys rotate; an unknown `kid` re-reads the JWKS, but not more often than this. */
const REFRESH_AFTER_MS = 5 * 60_000;
/** The Bot Framework SDKs tolerate five minutes of clock skew. */
const CLOCK_TOLERANCE_SECONDS = 300;

export function createBotRequestVerifier(options: BotRequestVerifierOptions): BotRequestVerifier {
  if (!options.botAppId) throw new Error("The bot's app id is required to authenticate its requests");
  const now = options.now ?? (() => new Date());
  let keys: { set: JSONWebKeySet; at: number } | undefined;

  const loadKeys = async (): Promise<JSONWebKeySet> => {
    const metadata = metadataSchema.parse(await getJson(options.fetch, options.openIdMetadataUrl));
    const set = jwksSchema.parse(await getJson(options.fetch, metadata.jwks_uri)) as JSONWebKeySet;
    keys = { set, at: now().getTime() };
    return set;
  };

  const keysFor = async (kid: string | undefined): Promise<JSONWebKeySet> => {
    const cached = keys;
    if (!cached) return loadKeys();
    const known = cached.set.keys.some((k) => k.kid === kid);
    if (!known && now().getTime() - cached.at >= REFRESH_AFTER_MS) return loadKeys();
    return cached.set;
  };

  return {
    async verify(request) {
      const token = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "")?.[1];
      if (!token) throw unauthorized("The request carries no bearer token.");
      let kid: string | undefined;
      try {
        kid = JSON.parse(Buffer.from(token.split(".")[0] ?? "", "base64url").toString("utf8")).kid;
      } catch {
        throw unauthorized("The bearer token is not a JWT.");
      }
      let set: JSONWebKeySet;
      try {
        set = await keysFor(kid);
      } catch (err) {
        // Without the channel's keys nothing can be trusted; the channel retries what we refuse.
        throw new AppError(
          "BOT.UNAUTHORIZED",
          `The channel's signing keys could not be read: ${(err as Error).message}`,
          {
            status: 401,
            cause: err,
          },
        );
      }
      let claims: Record<string, unknown>;
      try {
        const verified = await jwtVerify(token, createLocalJWKSet(set), {
          issuer: options.issuer,
          audience: options.botAppId,
          algorithms: ["RS256"],
          currentDate: now(),
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          requiredClaims: ["exp"],
        });
        claims = verified.payload as Record<string, unknown>;
      } catch (err) {
        throw unauthorized(reasonOf(err));
      }
      let body: unknown;
      try {
        body = JSON.parse(await request.text());
      } catch {
        throw new AppError("BOT.BAD_ACTIVITY", "The body is not JSON.", { status: 400 });
      }
      const activity = botActivitySchema.safeParse(body);
      if (!activity.success) {
        throw new AppError("BOT.BAD_ACTIVITY", z.prettifyError(activity.error), { status: 400 });
      }
      const claimed = claims.serviceurl ?? claims.serviceUrl;
      if (typeof claimed !== "string" || !sameServiceUrl(claimed, activity.data.serviceUrl)) {
        throw unauthorized("The token's serviceurl claim does not match the activity's serviceUrl.");
      }
      // Bot Framework keys list the channels they may sign for.
      const endorsements = (set.keys.find((k) => k.kid === kid) as { endorsements?: unknown } | undefined)
        ?.endorsements;
      if (Array.isArray(endorsements) && !endorsements.includes(activity.data.channelId)) {
        throw unauthorized(`The signing key is not endorsed for channel '${activity.data.channelId}'.`);
      }
      return activity.data;
    },
  };
}

function sameServiceUrl(a: string, b: string): boolean {
  const norm = (u: string) => u.replace(/\/+$/, "").toLowerCase();
  return norm(a) === norm(b);
}

function reasonOf(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return "The token has expired.";
  if (err instanceof joseErrors.JWTClaimValidationFailed)
    return `The token's ${err.claim} claim is not accepted.`;
  if (err instanceof joseErrors.JWKSNoMatchingKey) return "The token is signed with an unknown key.";
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return "The token's signature is invalid.";
  return `The token is not valid: ${(err as Error).message}`;
}

function unauthorized(message: string): AppError {
  return new AppError("BOT.UNAUTHORIZED", message, { status: 401 });
}

async function getJson(fetch: FetchFunction, url: string): Promise<unknown> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return res.json();
}
