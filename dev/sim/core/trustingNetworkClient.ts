// msal-node's network module over a CA-trusting fetch, so msal talks to the simulator without NODE_EXTRA_CA_CERTS.
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from "@azure/msal-node";
import { createTrustingFetch } from "./trustingFetch.js";

export function trustingNetworkClient(caPem: string): INetworkModule {
  const fetchTrusting = createTrustingFetch(caPem);
  const send = async <T>(url: string, method: "GET" | "POST", options?: NetworkRequestOptions) => {
    const res = await fetchTrusting(url, {
      method,
      headers: options?.headers ?? {},
      ...(method === "POST" ? { body: options?.body ?? "" } : {}),
    });
    const headers: Record<string, string> = {};
    res.headers.forEach((value, key) => {
      headers[key] = value;
    });
    return { headers, body: (await res.json()) as T, status: res.status } satisfies NetworkResponse<T>;
  };
  return {
    sendGetRequestAsync: (url, options) => send(url, "GET", options),
    sendPostRequestAsync: (url, options) => send(url, "POST", options),
  };
}
