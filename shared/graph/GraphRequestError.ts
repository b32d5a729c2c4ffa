import { AppError } from "../errors.js";
import type { GraphErrorCode } from "./types.js";

/** A Graph failure after normalisation: our `code`, HTTP `status`, and Graph's own error code (`graphCode`). */
export class GraphRequestError extends AppError {
  declare readonly code: GraphErrorCode;
  readonly graphCode: string | undefined;
  /** Milliseconds Graph asked us to wait (Retry-After), when it did. */
  readonly retryAfterMs: number | undefined;

  constructor(
    code: GraphErrorCode,
    message: string,
    options: { status?: number; graphCode?: string; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(code, message, {
      status: options.status,
      cause: options.cause,
      details: options.graphCode ? { graphCode: options.graphCode } : {},
    });
    this.graphCode = options.graphCode;
    this.retryAfterMs = options.retryAfterMs;
  }
}
