// The one path for the unexpected (CONVENTIONS 7): any thrown value becomes an AppError with a `code`.
import { AppError } from "../errors.js";
import { GraphRequestError } from "./GraphRequestError.js";
import type { GraphErrorCode } from "./types.js";

/** Graph codes that mean "this user has no Exchange Online mailbox" whatever the HTTP status says. */
const MAILBOX_NOT_ENABLED = new Set(["MailboxNotEnabledForRESTAPI", "MailboxNotSupportedForRESTAPI"]);
const SYNC_STATE_EXPIRED = new Set(["SyncStateNotFound", "SyncStateInvalid", "resyncRequired"]);
const NETWORK_CODES = /^(E[A-Z_]+|UND_ERR_[A-Z_]+)$/;

/**
 * Normalises what a Graph call can throw — the SDK's GraphError, a `$batch` item or raw OData error body
 * (`{ status, body: { error: { code, message } } }`), an msal AuthError/ServerError, a socket error — into an
 * AppError. Graph failures come back as GraphRequestError (`graphCode` = Graph's own code).
 */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (isRecord(err)) {
    if (typeof err.statusCode === "number" && err.statusCode > 0) {
      // The SDK's GraphError: `code`/`message` already lifted from the OData body.
      return fromGraph(err.statusCode, stringOr(err.code), stringOr(err.message), err);
    }
    if (typeof err.status === "number" && "body" in err) {
      const odata = isRecord(err.body) && isRecord(err.body.error) ? err.body.error : undefined;
      return fromGraph(err.status, stringOr(odata?.code), stringOr(odata?.message), err);
    }
    if (typeof err.errorCode === "string" && ("errorMessage" in err || "subError" in err))
      return fromMsal(err);
    const code = stringOr(err.code) ?? (isRecord(err.cause) ? stringOr(err.cause.code) : undefined);
    if (code && NETWORK_CODES.test(code)) {
      return new GraphRequestError(
        "GRAPH.UNAVAILABLE",
        `Graph unreachable (${code}): ${stringOr(err.message) ?? ""}`,
        {
          cause: err,
        },
      );
    }
  }
  const message = err instanceof Error ? err.message : String(err);
  return new AppError("UNEXPECTED", message, { cause: err });
}

function fromGraph(
  status: number,
  graphCode: string | undefined,
  graphMessage: string | undefined,
  cause: unknown,
): GraphRequestError {
  const code = codeFor(status, graphCode);
  const text = `Graph answered ${status}${graphCode ? ` ${graphCode}` : ""}: ${graphMessage ?? "(no message)"}`;
  return new GraphRequestError(code, text, { status, ...(graphCode ? { graphCode } : {}), cause });
}

function codeFor(status: number, graphCode: string | undefined): GraphErrorCode {
  if (graphCode && MAILBOX_NOT_ENABLED.has(graphCode)) return "GRAPH.MAILBOX_NOT_ENABLED";
  if (status === 410 || (graphCode && SYNC_STATE_EXPIRED.has(graphCode))) return "GRAPH.SYNC_STATE_EXPIRED";
  if (status === 400) return "GRAPH.BAD_REQUEST";
  if (status === 401) return "GRAPH.UNAUTHORIZED";
  if (status === 403) return "GRAPH.FORBIDDEN";
  if (status === 404) return "GRAPH.NOT_FOUND";
  if (status === 429) return "GRAPH.THROTTLED";
  if (status >= 500) return "GRAPH.UNAVAILABLE";
  return status >= 400 ? "GRAPH.BAD_REQUEST" : "GRAPH.UNEXPECTED";
}

function fromMsal(err: Record<string, unknown>): GraphRequestError {
  const errorCode = String(err.errorCode);
  const detail = stringOr(err.errorMessage) || stringOr(err.message) || errorCode;
  if (errorCode === "network_error" || /Network request failed|timeout/i.test(detail)) {
    return new GraphRequestError("GRAPH.UNAVAILABLE", `Token endpoint unreachable: ${detail}`, {
      graphCode: errorCode,
      cause: err,
    });
  }
  // invalid_client (wrong secret/certificate), unauthorized_client (unknown app), invalid_request (bad tenant)…
  return new GraphRequestError(
    "GRAPH.UNAUTHORIZED",
    `Could not get an app-only token (${errorCode}): ${detail.split("\n")[0]} — check the tenant id, client id and secret/certificate`,
    { status: 401, graphCode: errorCode, cause: err },
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function stringOr(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
