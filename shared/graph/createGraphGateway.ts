// The Graph client every reader uses: msal app-only auth, the extra CA, retries (also per request inside
// `$batch`) and counters. Built on @microsoft/microsoft-graph-client with our own middleware chain because the
// SDK's RetryHandler neither counts nor retries inside batches, and its HTTPMessageHandler only uses global fetch.
import {
  AuthenticationHandler,
  Client,
  type Context,
  type Middleware,
  type MiddlewareOptions,
} from "@microsoft/microsoft-graph-client";
import { z } from "zod";
import { AppError } from "../errors.js";
import { buildBatchBody } from "./buildBatchBody.js";
import { createAppTokenProvider } from "./createAppTokenProvider.js";
import { createHttpsFetch, type FetchFunction } from "./createHttpsFetch.js";
import { GraphRequestError } from "./GraphRequestError.js";
import { type GraphGatewaySettings, graphGatewayOptionsSchema } from "./graphGatewayOptionsSchema.js";
import { isRetrySafe } from "./isRetrySafe.js";
import { parseRetryAfter } from "./parseRetryAfter.js";
import { MALFORMED_ANSWER, type RetryPolicy, retryDecision } from "./retryDecision.js";
import { toAppError } from "./toAppError.js";
import type { BatchRequest, BatchResult, GraphGateway, GraphStats, WriteOptions } from "./types.js";

export type GraphGatewayOptions = GraphGatewaySettings & {
  /** For Retry-After HTTP-dates. */
  now?: () => Date;
  /** Waits between retries; tests pass a recorder that resolves at once. */
  sleep?: (ms: number) => Promise<void>;
  /** Backoff jitter, uniform [0, 1); seed it for reproducible delays. */
  random?: () => number;
  /** Replaces the node:https fetch (e.g. to count or fault-inject at the socket level). */
  fetch?: FetchFunction;
};

const PUBLIC_GRAPH_HOST = "graph.microsoft.com";

const batchResponseSchema = z.object({
  responses: z.array(
    z.object({
      id: z.string(),
      status: z.number().int(),
      headers: z.record(z.string(), z.unknown()).optional(),
      body: z.unknown().optional(),
    }),
  ),
});

export function createGraphGateway(options: GraphGatewayOptions): GraphGateway {
  const parsed = graphGatewayOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new AppError("CONFIG.INVALID", `Invalid Graph gateway options: ${z.prettifyError(parsed.error)}`);
  }
  const settings = parsed.data;
  const graphBaseUrl = settings.graphBaseUrl.replace(/\/+$/, "");
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const policy: RetryPolicy = {
    maxAttempts: settings.maxAttempts,
    baseDelayMs: settings.baseDelayMs,
    maxDelayMs: settings.maxDelayMs,
    random: options.random ?? Math.random,
  };
  const stats: GraphStats = {
    requests: 0,
    httpRequests: 0,
    batches: 0,
    retries: 0,
    throttled: 0,
    bytesSent: 0,
    bytesReceived: 0,
    tokenRequests: 0,
  };

  const fetchFn =
    options.fetch ??
    createHttpsFetch({
      ...(settings.caPem ? { caPem: settings.caPem } : {}),
      timeoutMs: settings.timeoutMs,
      onBytes: (sent, received) => {
        stats.bytesSent += sent;
        stats.bytesReceived += received;
      },
    });
  const tokens = createAppTokenProvider({
    credential: settings.credential,
    federatedTokenFile: settings.federatedTokenFile,
    tenantId: settings.tenantId,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    certificatePem: settings.certificatePem,
    authorityHost: settings.authorityHost,
    scope: settings.scope,
    fetch: fetchFn,
    onTokenRequest: () => {
      stats.tokenRequests++;
    },
  });

  const base = new URL(graphBaseUrl);
  const client = Client.initWithMiddleware({
    baseUrl: base.origin,
    defaultVersion: base.pathname.replace(/^\/+|\/+$/g, ""),
    // The SDK attaches tokens only to hosts it knows are Graph; the simulator's must be named.
    ...(base.hostname === PUBLIC_GRAPH_HOST ? {} : { customHosts: new Set([base.hostname]) }),
    middleware: [
      new RetryMiddleware(policy, stats, now, sleep),
      new AuthenticationHandler({ getAccessToken: () => tokens.getAccessToken() }),
      new FetchMiddleware(fetchFn),
    ],
  });

  const send = async <T>(retrySafe: boolean, run: (slot: FailureSlot) => Promise<T>): Promise<T> => {
    const slot = new FailureSlot(retrySafe);
    try {
      return await run(slot);
    } catch (err) {
      // The SDK rewraps thrown errors into GraphError and drops their `code`; the slot kept the original.
      throw toAppError(slot.error ?? err);
    }
  };

  const get = <T>(url: string, headers: Record<string, string> = {}): Promise<T> =>
    send(true, (slot) => client.api(url).headers(headers).middlewareOptions([slot]).get() as Promise<T>);

  /** POST, PATCH or DELETE: retried only when retry-safe (see isRetrySafe). */
  const write = <T>(method: "POST" | "PATCH" | "DELETE", url: string, body: unknown, options: WriteOptions) =>
    send(isRetrySafe(method, body, options.retrySafe), (slot) => {
      const request = client
        .api(url)
        .headers(options.headers ?? {})
        .middlewareOptions([slot]);
      return (
        method === "POST" ? request.post(body) : method === "PATCH" ? request.patch(body) : request.delete()
      ) as Promise<T>;
    });
  const post = <T>(url: string, body: unknown, options: WriteOptions = {}): Promise<T> =>
    write<T>("POST", url, body, options);
  const patch = <T>(url: string, body: unknown, options: WriteOptions = {}): Promise<T> =>
    write<T>("PATCH", url, body, options);
  const del = async (url: string, options: WriteOptions = {}): Promise<void> => {
    await write<unknown>("DELETE", url, undefined, options);
  };

  const batch = async (requests: readonly BatchRequest[]): Promise<BatchResult[]> => {
    if (requests.length === 0) return [];
    const results: Array<BatchResult | undefined> = new Array(requests.length);
    const attempts = new Array<number>(requests.length).fill(0);
    const safe = requests.map((r) => isRetrySafe(r.method, r.body, r.retrySafe));
    let pending = requests.map((_, index) => index);
    while (pending.length > 0) {
      const body = buildBatchBody(
        pending.map((index) => ({ ...requests[index]!, id: String(index) })),
        graphBaseUrl,
      );
      // The envelope itself is re-sent after a 503/504 or a reset only when every request in it may run twice.
      const raw = await send(
        pending.every((index) => safe[index]),
        (slot) => client.api("/$batch").middlewareOptions([slot]).post(body),
      );
      const answer = batchResponseSchema.safeParse(raw);
      if (!answer.success) {
        throw new GraphRequestError("GRAPH.UNEXPECTED", `Malformed $batch response: ${answer.error.message}`);
      }
      const byId = new Map(answer.data.responses.map((r) => [r.id, r]));
      const again: number[] = [];
      let waitMs = 0;
      for (const index of pending) {
        attempts[index] = (attempts[index] ?? 0) + 1;
        const item = byId.get(String(index));
        if (!item) {
          results[index] = {
            ok: false,
            status: 0,
            error: new GraphRequestError(
              "GRAPH.UNEXPECTED",
              `The $batch response has no answer for request ${index}`,
            ),
          };
          continue;
        }
        const headers = stringHeaders(item.headers);
        if (item.status === 429) stats.throttled++;
        // A throttled request was not processed; a 503/504 may have been, so only a retry-safe one goes again.
        const decision =
          item.status === 429 || safe[index]
            ? retryDecision(
                {
                  status: item.status,
                  retryAfterMs: parseRetryAfter(headerOf(headers, "retry-after"), now()),
                },
                attempts[index]!,
                policy,
              )
            : ({ retry: false } as const);
        if (decision.retry) {
          again.push(index);
          // One wait for the whole re-batch: the largest Retry-After among the throttled requests.
          waitMs = Math.max(waitMs, decision.delayMs);
          continue;
        }
        results[index] =
          item.status < 400
            ? { ok: true, status: item.status, headers, body: item.body }
            : {
                ok: false,
                status: item.status,
                error: toAppError({ status: item.status, body: item.body, headers }),
              };
      }
      if (again.length > 0) {
        stats.retries += again.length;
        await sleep(waitMs);
      }
      pending = again;
    }
    return results as BatchResult[];
  };

  return { graphBaseUrl, get, post, patch, delete: del, batch, stats: () => ({ ...stats }) };
}

/** Per-request holder for whether it may be sent twice, and for the error the SDK would otherwise flatten. */
class FailureSlot implements MiddlewareOptions {
  error: unknown;
  constructor(readonly retrySafe: boolean) {}
}

/**
 * Outermost middleware: counts every attempt, retries 429s, and retries 503/504s and connection resets only for
 * requests that may run twice (the slot says so; without a slot, GETs only).
 */
class RetryMiddleware implements Middleware {
  private next: Middleware | undefined;

  constructor(
    private readonly policy: RetryPolicy,
    private readonly stats: GraphStats,
    private readonly now: () => Date,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    const slot = context.middlewareControl?.getMiddlewareOptions(FailureSlot) as FailureSlot | undefined;
    const { innerRequests, method } = describeRequest(context);
    const retrySafe = slot ? slot.retrySafe : method === "GET";
    for (let attempt = 1; ; attempt++) {
      this.stats.httpRequests++;
      if (innerRequests === undefined) this.stats.requests++;
      else {
        this.stats.batches++;
        this.stats.requests += innerRequests;
      }
      let networkErrorCode: string | undefined;
      let failure: unknown;
      // The SDK's AuthenticationHandler appends: without this a retry would send "Bearer a, Bearer a".
      if (attempt > 1) dropAuthorization(context);
      try {
        await this.next!.execute(context);
        // The SDK parses the body after the middleware: a cut or garbled answer must be caught here to be retried.
        const malformed = await unreadableJson(context.response);
        if (malformed) {
          failure = new GraphRequestError("GRAPH.UNAVAILABLE", malformed, {
            status: context.response!.status,
          });
          networkErrorCode = MALFORMED_ANSWER;
        }
      } catch (err) {
        failure = err;
        networkErrorCode = errorCode(err);
      }
      const response = failure === undefined ? context.response : undefined;
      if (response && response.status < 400) return;
      if (response?.status === 429) this.stats.throttled++;
      // A write answered 503/504, or whose connection dropped, may have been applied: sending it again could
      // duplicate it. A 429 was not processed, so it always goes again.
      const decision = retryDecision(
        response
          ? response.status === 429 || retrySafe
            ? {
                status: response.status,
                retryAfterMs: parseRetryAfter(response.headers.get("retry-after"), this.now()),
              }
            : {}
          : networkErrorCode && retrySafe
            ? { networkErrorCode }
            : {},
        attempt,
        this.policy,
      );
      if (!decision.retry) {
        if (failure !== undefined) {
          if (slot) slot.error = failure;
          throw failure;
        }
        return;
      }
      this.stats.retries += innerRequests ?? 1;
      await response?.arrayBuffer();
      await this.sleep(decision.delayMs);
    }
  }
}

/** Innermost middleware: the actual exchange, on our fetch instead of the global one. */
class FetchMiddleware implements Middleware {
  constructor(private readonly fetchFn: FetchFunction) {}

  async execute(context: Context): Promise<void> {
    context.response = await this.fetchFn(
      context.request as string | Request,
      context.options as RequestInit,
    );
  }
}

/** Why a successful answer's body is not the JSON its content type promises; undefined when it is fine. */
async function unreadableJson(response: Response | undefined): Promise<string | undefined> {
  if (!response || response.status >= 400 || response.status === 204) return undefined;
  if (!/json/i.test(response.headers.get("content-type") ?? "")) return undefined;
  const text = await response.clone().text();
  if (text === "") return undefined;
  try {
    JSON.parse(text);
    return undefined;
  } catch {
    return `Graph answered ${response.status} with a body that is not JSON (${text.length} bytes, cut or garbled on the way)`;
  }
}

function dropAuthorization(context: Context): void {
  const headers = context.options?.headers;
  if (!headers) return;
  if (headers instanceof Headers) headers.delete("Authorization");
  else if (Array.isArray(headers)) {
    const kept = headers.filter(([name]) => name?.toLowerCase() !== "authorization");
    headers.splice(0, headers.length, ...kept);
  } else {
    for (const name of Object.keys(headers)) {
      if (name.toLowerCase() === "authorization") delete (headers as Record<string, string>)[name];
    }
  }
}

/** How many Graph requests one HTTP request carries (undefined: not a batch), and its method. */
function describeRequest(context: Context): { innerRequests: number | undefined; method: string } {
  const url = typeof context.request === "string" ? context.request : context.request.url;
  const method = (context.options?.method ?? "GET").toUpperCase();
  if (!/\/\$batch(\?|$)/.test(url)) return { innerRequests: undefined, method };
  const body = context.options?.body;
  try {
    const parsed = JSON.parse(typeof body === "string" ? body : "") as { requests?: unknown[] };
    return { innerRequests: (parsed.requests ?? []).length, method };
  } catch {
    return { innerRequests: 1, method };
  }
}

function errorCode(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const e = err as { code?: unknown; cause?: { code?: unknown } };
  if (typeof e.code === "string") return e.code;
  return typeof e.cause?.code === "string" ? e.cause.code : undefined;
}

function stringHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) out[name] = String(value);
  return out;
}

function headerOf(headers: Record<string, string>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}
