// The Bot Connector v3 REST API as Teams serves it, with an msal-node (client credentials) bot token.
import { AppError } from "../errors.js";
import type { AppTokenProvider } from "../graph/createAppTokenProvider.js";
import type { FetchFunction } from "../graph/createHttpsFetch.js";
import { parseRetryAfter } from "../graph/parseRetryAfter.js";
import { toTeamsError } from "./toTeamsError.js";

export interface BotConnectorClientOptions {
  /** A token provider for scope `https://api.botframework.com/.default`. */
  tokens: AppTokenProvider;
  /** The bot's Microsoft App ID (`bot.id` of new conversations). */
  botAppId: string;
  fetch: FetchFunction;
  /** Attempts per call, the first included. */
  maxAttempts?: number;
  /** Longest wait between attempts, whatever Retry-After asks. */
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
}

export interface BotActivity {
  type: string;
  [key: string]: unknown;
}

export interface BotConnectorClient {
  /** `POST {serviceUrl}v3/conversations`: the bot's 1:1 conversation with the user (the same one every time). */
  createConversation(serviceUrl: string, user: { aadObjectId: string; tenantId: string }): Promise<string>;
  /** `POST …/v3/conversations/{id}/activities`; the new activity's id. */
  sendActivity(serviceUrl: string, conversationId: string, activity: BotActivity): Promise<string>;
  /** `PUT …/v3/conversations/{id}/activities/{activityId}`. */
  updateActivity(
    serviceUrl: string,
    conversationId: string,
    activityId: string,
    activity: BotActivity,
  ): Promise<void>;
}

type Retry = "throttledOnly" | "transient";

/**
 * What is retried: a 429 always (Bot Connector refuses a throttled request before acting on it, so sending it
 * again cannot duplicate anything); 502/503/504 and network failures only for the idempotent calls (creating the
 * 1:1 conversation returns the existing one; PUT replaces). A POSTed activity that failed with a 5xx or a broken
 * connection may have been delivered, so it is not sent again here: the caller's delivery records decide.
 */
export function createBotConnectorClient(options: BotConnectorClientOptions): BotConnectorClient {
  const maxAttempts = options.maxAttempts ?? 4;
  const maxWaitMs = options.maxWaitMs ?? 60_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? (() => new Date());

  const call = async (
    what: string,
    method: "POST" | "PUT",
    url: string,
    body: unknown,
    retry: Retry,
  ): Promise<unknown> => {
    for (let attempt = 1; ; attempt++) {
      const token = await options.tokens.getAccessToken();
      let res: Response;
      try {
        res = await options.fetch(url, {
          method,
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify(body),
        });
      } catch (err) {
        if (retry === "transient" && attempt < maxAttempts) {
          await sleep(Math.min(maxWaitMs, backoff(attempt)));
          continue;
        }
        throw new AppError(
          "TEAMS.UNAVAILABLE",
          `Bot Connector ${what} unreachable: ${(err as Error).message}`,
          {
            cause: err,
          },
        );
      }
      const text = await res.text();
      const parsed = text ? safeJson(text) : undefined;
      if (res.ok) return parsed;
      const transient = res.status === 502 || res.status === 503 || res.status === 504;
      if ((res.status === 429 || (transient && retry === "transient")) && attempt < maxAttempts) {
        const asked = parseRetryAfter(res.headers.get("retry-after"), now());
        await sleep(Math.min(maxWaitMs, asked ?? backoff(attempt)));
        continue;
      }
      throw toTeamsError(res.status, parsed, what);
    }
  };

  const base = (serviceUrl: string) => `${serviceUrl.replace(/\/+$/, "")}/v3/conversations`;

  return {
    async createConversation(serviceUrl, user) {
      const body = {
        bot: { id: options.botAppId },
        members: [{ id: user.aadObjectId }],
        channelData: { tenant: { id: user.tenantId } },
        tenantId: user.tenantId,
        isGroup: false,
      };
      const out = await call("create conversation", "POST", base(serviceUrl), body, "transient");
      return idOf(out, "create conversation");
    },
    async sendActivity(serviceUrl, conversationId, activity) {
      const url = `${base(serviceUrl)}/${encodeURIComponent(conversationId)}/activities`;
      return idOf(await call("send activity", "POST", url, activity, "throttledOnly"), "send activity");
    },
    async updateActivity(serviceUrl, conversationId, activityId, activity) {
      const url = `${base(serviceUrl)}/${encodeURIComponent(conversationId)}/activities/${encodeURIComponent(activityId)}`;
      await call("update activity", "PUT", url, { ...activity, id: activityId }, "transient");
    },
  };
}

function backoff(attempt: number): number {
  return 1000 * 2 ** (attempt - 1);
}

function idOf(body: unknown, what: string): string {
  const id = (body as { id?: unknown } | undefined)?.id;
  if (typeof id !== "string" || id === "") {
    throw new AppError("TEAMS.UNEXPECTED", `Bot Connector ${what} answered without an id.`);
  }
  return id;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
