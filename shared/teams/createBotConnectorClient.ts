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
  /** First backoff step when no Retry-After is given; doubles per attempt. Default 1 s. */
  baseDelayMs?: number;
  /** Longest wait for one exchange; past it the attempt is abandoned like a dropped connection. Default 100 s. */
  timeoutMs?: number;
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

type Retry = "refusalsOnly" | "transient";

/**
 * What is retried: a 429 or 503 always (Bot Connector refuses those before acting on the request, so sending it
 * again cannot duplicate anything); every other transient failure — 500/502/504, a dropped or timed-out
 * connection, a 2xx whose body cannot be read — only for the idempotent calls (creating the 1:1 conversation
 * returns the existing one; PUT replaces). A POSTed activity that failed that way may have been delivered: it is
 * not sent again, and fails with TEAMS.UNCERTAIN so the caller records it as such rather than trying later.
 */
export function createBotConnectorClient(options: BotConnectorClientOptions): BotConnectorClient {
  const maxAttempts = options.maxAttempts ?? 4;
  const maxWaitMs = options.maxWaitMs ?? 60_000;
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const timeoutMs = options.timeoutMs ?? 100_000;
  const backoff = (attempt: number) => Math.min(maxWaitMs, baseDelayMs * 2 ** (attempt - 1));
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
      const last = attempt >= maxAttempts;
      // Unknown whether it was applied: idempotent calls go again, an activity is not re-sent.
      const lost = async (reason: string, cause?: unknown): Promise<"again"> => {
        if (retry === "transient" && !last) {
          await sleep(backoff(attempt));
          return "again";
        }
        throw new AppError(
          retry === "transient" ? "TEAMS.UNAVAILABLE" : "TEAMS.UNCERTAIN",
          `Bot Connector ${what}: ${reason}${retry === "transient" ? "" : "; it may have been applied, so it is not sent again"}`,
          { cause },
        );
      };
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), timeoutMs);
      let res: Response;
      let text: string;
      try {
        res = await options.fetch(url, {
          method,
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify(body),
          signal: abort.signal,
        });
        text = await res.text();
      } catch (err) {
        const why = abort.signal.aborted
          ? `no answer in ${timeoutMs} ms`
          : `connection failed (${(err as Error).message})`;
        await lost(why, err);
        continue;
      } finally {
        clearTimeout(timer);
      }
      const parsed = text ? safeJson(text) : undefined;
      if (res.ok) {
        if (parsed === UNREADABLE) {
          await lost(`answered ${res.status} with a body that is not JSON`);
          continue;
        }
        return parsed;
      }
      if ((res.status === 429 || res.status === 503) && !last) {
        const asked = parseRetryAfter(res.headers.get("retry-after"), now());
        await sleep(Math.min(maxWaitMs, asked ?? backoff(attempt)));
        continue;
      }
      if (res.status >= 500 && res.status !== 503) {
        await lost(`answered ${res.status}`);
        continue;
      }
      throw toTeamsError(res.status, parsed === UNREADABLE ? undefined : parsed, what);
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
      return idOf(await call("send activity", "POST", url, activity, "refusalsOnly"), "send activity");
    },
    async updateActivity(serviceUrl, conversationId, activityId, activity) {
      const url = `${base(serviceUrl)}/${encodeURIComponent(conversationId)}/activities/${encodeURIComponent(activityId)}`;
      await call("update activity", "PUT", url, { ...activity, id: activityId }, "transient");
    },
  };
}

function idOf(body: unknown, what: string): string {
  const id = (body as { id?: unknown } | undefined)?.id;
  if (typeof id !== "string" || id === "") {
    throw new AppError("TEAMS.UNEXPECTED", `Bot Connector ${what} answered without an id.`);
  }
  return id;
}

const UNREADABLE = Symbol("unreadable");

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return UNREADABLE;
  }
}
