// Graph's notificationUrl validation: before a subscription exists (or moves), Graph POSTs an opaque token to the
// URL and expects it back as plain text within 10 seconds.
import type { FetchLike } from "../core/trustingFetch.js";

/** Graph waits this long for the validation answer (not configurable in Graph). */
export const VALIDATION_TIMEOUT_MS = 10_000;

export type HandshakeResult =
  | { ok: true; status: number }
  | { ok: false; status: number; message: string; error?: string };

/**
 * The URL Graph posts the token to: the notificationUrl's own query (e.g. a function key) kept, the token
 * form-encoded the way Graph's .NET stack writes it (`+` for spaces, lower-case escapes), so receivers must decode.
 */
export function validationUrl(notificationUrl: string, token: string): string {
  const encoded = encodeURIComponent(token)
    .replaceAll("%20", "+")
    .replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase());
  const separator = notificationUrl.includes("?") ? "&" : "?";
  return `${notificationUrl}${separator}validationToken=${encoded}`;
}

export async function validateNotificationUrl(
  notificationUrl: string,
  token: string,
  deps: { fetch: FetchLike; timeoutMs: number },
): Promise<HandshakeResult> {
  let response: Response;
  try {
    response = await deps.fetch(validationUrl(notificationUrl, token), {
      method: "POST",
      headers: { "content-type": "text/plain; charset=utf-8" },
      redirect: "manual",
      signal: AbortSignal.timeout(deps.timeoutMs),
    });
  } catch (err) {
    const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
    return {
      ok: false,
      status: 0,
      error,
      message: timedOut
        ? "Subscription validation request timed out."
        : "Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.",
    };
  }
  let body: string;
  try {
    body = await response.text();
  } catch {
    body = "";
  }
  if (response.status !== 200) {
    return {
      ok: false,
      status: response.status,
      message:
        "Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.",
    };
  }
  const contentType = response.headers.get("content-type") ?? "";
  if (!/^text\/plain\b/i.test(contentType) || body !== token) {
    return {
      ok: false,
      status: response.status,
      message:
        "Subscription validation request failed. Response must exactly match validationToken query parameter.",
    };
  }
  return { ok: true, status: response.status };
}
