// The typed-error base every module throws for expected failures; `code` is what callers branch on.

export interface AppErrorOptions {
  status?: number;
  cause?: unknown;
  /** Extra machine-readable facts (e.g. Graph's own error code, the mailbox) for logs and reports. */
  details?: Record<string, unknown>;
}

export class AppError extends Error {
  override readonly name = "AppError";
  readonly code: string;
  readonly status: number | undefined;
  readonly details: Record<string, unknown>;

  constructor(code: string, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status;
    this.details = options.details ?? {};
  }
}
