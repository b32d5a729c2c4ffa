import type { HttpResponseInit } from "@azure/functions";
import { AppError } from "../shared/errors.js";

/**
 * The one mapping from an error to an HTTP answer, for every handler: an AppError that carries a status answers
 * `{ code, message }` with it; anything else is rethrown, so the host logs it and answers 500.
 */
export function errorResponse(err: unknown, headers?: Record<string, string>): HttpResponseInit {
  if (!(err instanceof AppError) || err.status === undefined) throw err;
  return {
    status: err.status,
    ...(headers ? { headers } : {}),
    jsonBody: { code: err.code, message: err.message },
  };
}
