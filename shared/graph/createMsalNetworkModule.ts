import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from "@azure/msal-node";
import type { FetchFunction } from "./createHttpsFetch.js";

/**
 * msal's HTTP port on our fetch, so token requests trust the same extra CA as Graph requests. `onProblem` hears
 * about failed exchanges, because msal reports a failed metadata discovery only as "endpoints_resolution_error".
 */
export function createMsalNetworkModule(
  fetchFn: FetchFunction,
  onProblem: (problem: string) => void = () => {},
): INetworkModule {
  const send = async <T>(
    url: string,
    method: "GET" | "POST",
    options: NetworkRequestOptions | undefined,
    timeout?: number,
  ): Promise<NetworkResponse<T>> => {
    const signal = timeout ? AbortSignal.timeout(timeout) : undefined;
    let response: Response;
    try {
      response = await fetchFn(url, {
        method,
        headers: options?.headers ?? {},
        ...(method === "POST" ? { body: options?.body ?? "" } : {}),
        ...(signal ? { signal } : {}),
      });
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      onProblem(
        `${new URL(url).host}: ${(err as Error).message}${typeof code === "string" ? ` (${code})` : ""}`,
      );
      throw err;
    }
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      headers[key] = value;
    });
    const text = await response.text();
    // msal reads `body.error`/`error_description` on failures, so a non-JSON error page becomes one.
    let body: unknown;
    try {
      body = text === "" ? {} : JSON.parse(text);
    } catch {
      onProblem(`${new URL(url).host} answered ${response.status} with a body that is not JSON`);
      body = {
        error: "invalid_response",
        error_description: `HTTP ${response.status}: ${text.slice(0, 200)}`,
      };
    }
    if (response.status >= 400) {
      const b = body as { error?: unknown; error_description?: unknown };
      onProblem(
        `${new URL(url).host} answered ${response.status} ${String(b.error ?? "")}: ${String(b.error_description ?? "")}`,
      );
    }
    return { headers, body: body as T, status: response.status };
  };
  return {
    sendGetRequestAsync: (url, options, timeout) => send(url, "GET", options, timeout),
    sendPostRequestAsync: (url, options) => send(url, "POST", options),
  };
}
