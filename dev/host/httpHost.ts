// The host's HTTP front: /<routePrefix>/<route> to HTTP-trigger functions, /admin/... to the host itself.
import { randomUUID, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { z } from "zod";
import type { FunctionSpec, HttpFunctionSpec } from "./functionSpecs.js";
import { byPrecedence, type CompiledRoute, compileRoute } from "./routeTemplate.js";
import type { RpcHttpCookie, RpcHttpData, RpcInvocationRequest, RpcInvocationResponse } from "./rpc.js";

export interface HostKeys {
  functionKey: string;
  masterKey: string;
}

export type Invoke = (
  functionName: string,
  reason: string,
  request: RpcInvocationRequest & { invocationId: string },
) => Promise<RpcInvocationResponse>;

/** Body of POST /admin/functions/<name>, as the real host accepts it. */
export const adminInvokeBodySchema = z.object({ input: z.string().optional() }).loose();

export interface HttpHostOptions {
  routePrefix: string;
  keys: HostKeys;
  functions: FunctionSpec[];
  invoke: Invoke;
  /** Runs a non-HTTP function out of schedule (admin API); resolves once it is dispatched. */
  invokeAdmin: (spec: FunctionSpec, input: string | undefined) => void;
  log: (message: string) => void;
  /** Bodies over this many bytes are answered 413 before any function runs (default: Azure's 100 MB). */
  maxRequestBodyBytes?: number;
}

interface Route {
  spec: HttpFunctionSpec;
  compiled: CompiledRoute;
}

function sameKey(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function presentedKey(req: IncomingMessage, url: URL): string | undefined {
  const header = req.headers["x-functions-key"];
  return (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get("code") ?? undefined;
}

/** The body, or undefined once it passes `max` bytes (the rest is not read). */
async function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers["content-length"]);
  if (declared > max) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Azure's default cap on a request body (FUNCTIONS_REQUEST_BODY_SIZE_LIMIT, 100 MB): over it the host answers 413. */
const AZURE_MAX_BODY_BYTES = 104_857_600;

function cookieHeader(cookie: RpcHttpCookie): string {
  const parts = [`${cookie.name ?? ""}=${cookie.value ?? ""}`];
  if (cookie.domain?.value) parts.push(`Domain=${cookie.domain.value}`);
  if (cookie.path?.value) parts.push(`Path=${cookie.path.value}`);
  const expires = cookie.expires?.value?.seconds;
  if (expires != null) parts.push(`Expires=${new Date(Number(expires) * 1000).toUTCString()}`);
  if (cookie.maxAge?.value != null) parts.push(`Max-Age=${cookie.maxAge.value}`);
  if (cookie.secure?.value) parts.push("Secure");
  if (cookie.httpOnly?.value) parts.push("HttpOnly");
  const sameSite = { lax: "Lax", strict: "Strict", none: "None", explicitNone: "None" } as const;
  if (cookie.sameSite && cookie.sameSite !== "none") parts.push(`SameSite=${sameSite[cookie.sameSite]}`);
  return parts.join("; ");
}

function end(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status, { "content-length": "0" }).end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(text);
}

export function createHttpHost(options: HttpHostOptions): Server {
  const routes: Route[] = options.functions
    .filter((f): f is HttpFunctionSpec => f.kind === "http")
    .map((spec) => ({ spec, compiled: compileRoute(spec.route) }))
    .sort((a, b) => byPrecedence(a.compiled, b.compiled));
  const byName = new Map(options.functions.map((f) => [f.name.toLowerCase(), f]));
  const prefix = options.routePrefix ? `/${options.routePrefix}` : "";
  const maxBody = options.maxRequestBodyBytes ?? AZURE_MAX_BODY_BYTES;

  async function handleAdmin(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (!sameKey(presentedKey(req, url), options.keys.masterKey)) return end(res, 401);
    const path = url.pathname.replace(/\/+$/, "");
    if (path === "/admin/host/status" && req.method === "GET") {
      return end(res, 200, { state: "Running", functions: options.functions.map((f) => f.name) });
    }
    const match = /^\/admin\/functions\/([^/]+)$/.exec(path);
    if (match?.[1] && req.method === "POST") {
      const spec = byName.get(decodeURIComponent(match[1]).toLowerCase());
      if (!spec) return end(res, 404);
      if (spec.kind === "http") {
        return end(res, 400, { error: `"${spec.name}" is an HTTP function; call its route instead` });
      }
      const raw = (await readBody(req, maxBody))?.toString("utf8");
      if (raw === undefined) return end(res, 413);
      let parsed: unknown = {};
      try {
        parsed = raw.trim() ? JSON.parse(raw) : {};
      } catch {
        return end(res, 400, { error: 'The body must be JSON like {"input": "..."}' });
      }
      const body = adminInvokeBodySchema.safeParse(parsed);
      if (!body.success) return end(res, 400, { error: z.prettifyError(body.error) });
      options.invokeAdmin(spec, body.data.input);
      return end(res, 202);
    }
    return end(res, 404);
  }

  async function handleFunction(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname;
    let rest: string;
    if (!prefix) rest = path;
    else if (path.toLowerCase() === prefix.toLowerCase()) rest = "";
    else if (path.toLowerCase().startsWith(`${prefix.toLowerCase()}/`)) rest = path.slice(prefix.length + 1);
    else return end(res, 404);
    const method = (req.method ?? "GET").toUpperCase();
    let found: { route: Route; params: Record<string, string> } | undefined;
    for (const route of routes) {
      // As on the real host, a known route with another method is a 404, not a 405.
      if (!route.spec.methods.includes(method)) continue;
      const params = route.compiled.match(rest);
      if (params) {
        found = { route, params };
        break;
      }
    }
    if (!found) return end(res, 404);
    const { spec } = found.route;
    const key = presentedKey(req, url);
    const master = sameKey(key, options.keys.masterKey);
    const keyed = master || sameKey(key, options.keys.functionKey);
    const authorized = spec.authLevel === "anonymous" || master || (spec.authLevel === "function" && keyed);
    if (!authorized) return end(res, 401);

    const body = await readBody(req, maxBody);
    if (!body) return end(res, 413);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      // App Service authentication drops every x-ms-client-principal* header a client sends and sets its own for a
      // signed-in user, so in Azure a function never sees one the caller made up. Here nobody signs in: a caller
      // who proved a key stands in for that sign-in (tests send the header as EasyAuth would), and every other
      // caller's principal headers are dropped, as Azure drops them.
      if (!keyed && name.startsWith("x-ms-client-principal")) continue;
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
    }
    const query: Record<string, string> = {};
    for (const name of new Set(url.searchParams.keys()))
      query[name] = url.searchParams.getAll(name).join(",");
    const http: RpcHttpData = {
      method,
      url: url.href,
      headers,
      query,
      params: found.params,
      body: body.length > 0 ? { bytes: body } : undefined,
    };
    const invocationId = randomUUID();
    let response: RpcInvocationResponse;
    try {
      response = await options.invoke(
        spec.name,
        `This function was programmatically called via the host APIs.`,
        {
          invocationId,
          inputData: [{ name: spec.triggerBinding, data: { http } }],
          triggerMetadata: {
            Query: { json: JSON.stringify(query) },
            Headers: { json: JSON.stringify(headers) },
            ...Object.fromEntries(Object.entries(found.params).map(([k, v]) => [k, { string: v }])),
          },
        },
      );
    } catch {
      return end(res, 500);
    }
    const out = response.returnValue?.http;
    if (!out) return end(res, 204);
    const status = Number(out.statusCode ?? 200) || 200;
    for (const [name, value] of Object.entries(out.headers ?? {})) res.setHeader(name, value);
    const cookies = (out.cookies ?? []).map(cookieHeader);
    if (cookies.length > 0) res.setHeader("set-cookie", cookies);
    const bytes = out.body?.bytes ?? (out.body?.string != null ? Buffer.from(out.body.string) : undefined);
    res.statusCode = status;
    res.end(bytes ? Buffer.from(bytes) : undefined);
  }

  return createServer((req, res) => {
    const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "127.0.0.1"}`);
    const handler = url.pathname.toLowerCase().startsWith("/admin/") ? handleAdmin : handleFunction;
    handler(req, res, url).catch((err: unknown) => {
      options.log(`HTTP ${req.method} ${url.pathname} failed in the host: ${String(err)}`);
      if (!res.headersSent) end(res, 500);
      else res.destroy();
    });
  });
}
