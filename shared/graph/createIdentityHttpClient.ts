// @azure/identity's requests (to the managed identity endpoint, or Entra for workload identity) through our fetch,
// so they trust the same extra CA as Graph's (the simulator's). App Service's identity endpoint is plain http on
// loopback, which the https-only fetch refuses: those go through Node's own fetch.
import type { TokenCredentialOptions } from "@azure/identity";
import type { FetchFunction } from "./createHttpsFetch.js";

type HttpClient = NonNullable<TokenCredentialOptions["httpClient"]>;
type PipelineResponse = Awaited<ReturnType<HttpClient["sendRequest"]>>;
type HttpHeaders = PipelineResponse["headers"];

export function createIdentityHttpClient(httpsFetch: FetchFunction): HttpClient {
  return {
    async sendRequest(request) {
      const fetchFn: FetchFunction = request.url.startsWith("https:") ? httpsFetch : globalThis.fetch;
      const body = request.body;
      const response = await fetchFn(request.url, {
        method: request.method,
        headers: request.headers.toJSON(),
        ...(typeof body === "string" ? { body } : {}),
        ...(request.abortSignal ? { signal: request.abortSignal as AbortSignal } : {}),
      });
      return {
        request,
        status: response.status,
        headers: toHttpHeaders(response.headers),
        bodyAsText: await response.text(),
      };
    },
  };
}

function toHttpHeaders(headers: Headers): HttpHeaders {
  const map = new Map<string, { name: string; value: string }>();
  headers.forEach((value, name) => {
    map.set(name.toLowerCase(), { name, value });
  });
  const self: HttpHeaders = {
    get: (name) => map.get(name.toLowerCase())?.value,
    has: (name) => map.has(name.toLowerCase()),
    set: (name, value) => {
      map.set(name.toLowerCase(), { name, value: String(value) });
    },
    delete: (name) => {
      map.delete(name.toLowerCase());
    },
    toJSON: () => Object.fromEntries([...map.entries()].map(([k, v]) => [k, v.value])),
    [Symbol.iterator]: function* () {
      for (const { name, value } of map.values()) yield [name, value] as [string, string];
    },
  };
  return self;
}
