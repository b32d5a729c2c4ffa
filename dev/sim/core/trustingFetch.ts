// A `fetch` that trusts one extra CA, for processes started without NODE_EXTRA_CA_CERTS (Node's global fetch
// cannot be given a CA without undici's Agent, which Node 20 does not expose).
import { Agent, request as httpsRequest } from "node:https";

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

export function createTrustingFetch(caPem: string): FetchLike {
  // Loopback only: "localhost" may resolve to ::1 first while the simulator listens on 127.0.0.1. Kept-alive
  // connections spare a TLS handshake per request (idle sockets are unref'd, so they never hold a process open).
  const agent = new Agent({ ca: caPem, keepAlive: true, autoSelectFamily: true } as ConstructorParameters<
    typeof Agent
  >[0]);
  return async (input, init) => {
    const request = new Request(input, init);
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    const headers: Record<string, string> = {};
    request.headers.forEach((value, key) => {
      headers[key] = value;
    });
    return new Promise<Response>((resolve, reject) => {
      const req = httpsRequest(
        request.url,
        { method: request.method, headers, agent, signal: request.signal },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("error", reject);
          res.on("end", () => {
            const responseHeaders = new Headers();
            for (let i = 0; i < res.rawHeaders.length; i += 2) {
              responseHeaders.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
            }
            const status = res.statusCode ?? 0;
            resolve(
              new Response(NULL_BODY_STATUSES.has(status) ? null : Buffer.concat(chunks), {
                status,
                statusText: res.statusMessage ?? "",
                headers: responseHeaders,
              }),
            );
          });
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  };
}
