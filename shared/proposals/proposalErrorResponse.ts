import type { HttpResponseInit, InvocationContext } from "@azure/functions";
import { AppError } from "../errors.js";

/** Expected failures (an AppError with a status) become their JSON answer; anything else is logged and rethrown. */
export function proposalErrorResponse(err: unknown, context: InvocationContext): HttpResponseInit {
  if (err instanceof AppError && err.status !== undefined && err.status < 500) {
    return { status: err.status, jsonBody: { code: err.code, message: err.message } };
  }
  context.error(`proposal request failed: ${err instanceof Error ? err.message : String(err)}`);
  throw err;
}
