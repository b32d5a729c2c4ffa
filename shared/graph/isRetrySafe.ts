import type { HttpMethod } from "./types.js";

/**
 * Whether a request may be sent again when its first attempt's fate is unknown (503/504, a dropped connection):
 * GET/PUT/DELETE by HTTP's definition; a POST only when its body carries a `transactionId`, which Graph uses to
 * answer a repeated event creation with the event it already made; PATCH only when the caller says so.
 */
export function isRetrySafe(method: HttpMethod | string, body: unknown, explicit?: boolean): boolean {
  if (explicit !== undefined) return explicit;
  const verb = method.toUpperCase();
  if (verb === "GET" || verb === "PUT" || verb === "DELETE" || verb === "HEAD") return true;
  if (verb !== "POST") return false;
  const transactionId = (body as { transactionId?: unknown } | null | undefined)?.transactionId;
  return typeof body === "object" && typeof transactionId === "string" && transactionId.trim() !== "";
}
