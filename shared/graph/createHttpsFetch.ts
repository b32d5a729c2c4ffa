// A `fetch` on node:https so Graph and token requests can trust one extra CA (the simulator's) without
// NODE_EXTRA_CA_CERTS and without the undici package (Node 20's global fetch takes no agent).
import { Agent, request } from "node:https";
import { rootCertificates } from "node:tls";

export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface HttpsFetchOptions {
  /** Extra trusted CA certificate(s), PEM; added to Node's bundled roots, never replacing them. */
  caPem?: string;
  /** Sockets are kept alive and shared; Graph's per-app limits, not ours, bound the parallelism. */
  maxSockets?: number;
  /**
   * Longest wait for a whole exchange, from sending to the last byte of the answer; past it the request fails with
   * `ETIMEDOUT` (callers retry it where that is safe). Default 100 s.
   */
  timeoutMs?: number;
  /** Called once per exchange with the bytes on the wire (bodies only), for the gateway's stats. */
  onBytes?: (sent: number, received: number) => void;
}

export function createHttpsFetch(options: HttpsFetchOptions = {}): FetchFunction {
  const agent = new Agent({
    keepAlive: true,
    maxSockets: options.maxSockets ?? 64,
    ...(options.caPem ? { ca: [...rootCertificates, options.caPem] } : {}),
  });
  const timeoutMs = options.timeoutMs ?? 100_000;

  return async (input, init = {}) => {
    const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
    if (url.protocol !== "https:")
      throw new TypeError(`Only https is allowed, got ${url.protocol}//${url.host}`);
    const headers = new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined));
    const body = toBuffer(init.body);
    if (body) headers.set("content-length", String(body.length));
    const flatHeaders: Record<string, string> = {};
    headers.forEach((value, key) => {
      flatHeaders[key] = value;
    });

    return await new Promise<Response>((resolve, reject) => {
      if (init.signal?.aborted) {
        reject(Object.assign(new Error("aborted"), { name: "AbortError" }));
        return;
      }
      const timedOut = () =>
        Object.assign(new Error(`No answer from ${url.host} in ${timeoutMs} ms`), { code: "ETIMEDOUT" });
      // The socket's own timeout only notices silence; this one also ends an answer that trickles in too slowly.
      const deadline = setTimeout(() => req.destroy(timedOut()), timeoutMs);
      const onAbort = () => req.destroy(Object.assign(new Error("aborted"), { name: "AbortError" }));
      const settle = () => {
        clearTimeout(deadline);
        init.signal?.removeEventListener("abort", onAbort);
      };
      const req = request(
        url,
        { method: init.method ?? "GET", headers: flatHeaders, agent, timeout: timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("error", (err) => {
            settle();
            reject(err);
          });
          res.on("end", () => {
            settle();
            const received = Buffer.concat(chunks);
            options.onBytes?.(body?.length ?? 0, received.length);
            const responseHeaders = new Headers();
            for (const [name, value] of Object.entries(res.headers)) {
              if (value === undefined) continue;
              for (const one of Array.isArray(value) ? value : [value]) responseHeaders.append(name, one);
            }
            const status = res.statusCode ?? 0;
            const nullBody = status === 204 || status === 205 || status === 304;
            resolve(
              new Response(nullBody ? null : received, {
                status,
                statusText: res.statusMessage ?? "",
                headers: responseHeaders,
              }),
            );
          });
        },
      );
      req.on("timeout", () => req.destroy(timedOut()));
      req.on("error", (err) => {
        settle();
        reject(err);
      });
      init.signal?.addEventListener("abort", onAbort);
      req.end(body);
    });
  };
}

function toBuffer(body: RequestInit["body"]): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return Buffer.from(body, "utf8");
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof Uint8Array) return Buffer.from(body);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (body instanceof URLSearchParams) return Buffer.from(body.toString(), "utf8");
  throw new TypeError("Unsupported request body type (strings, buffers and URLSearchParams only)");
}
