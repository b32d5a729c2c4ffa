/** Why the local Functions host refused to start or to serve; `code` is stable for callers and tests. */
export type HostErrorCode =
  | "HOST.APP_LOAD"
  | "HOST.HOST_JSON"
  | "HOST.UNSUPPORTED_BINDING"
  | "HOST.INVALID_BINDING"
  | "HOST.INVALID_SCHEDULE"
  | "HOST.INVALID_ROUTE"
  | "HOST.MISSING_SETTING"
  | "HOST.WORKER_EXITED";

export class HostError extends Error {
  constructor(
    readonly code: HostErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "HostError";
  }
}
