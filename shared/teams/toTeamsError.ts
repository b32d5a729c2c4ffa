// Bot Connector failures as AppErrors whose `code` delivery branches on (blocked users are recorded, not retried).
import { AppError } from "../errors.js";

/**
 * Maps a Bot Connector answer to TEAMS.*: 403 `ConversationBlockedByUser` (or the documented subCode
 * `MessageWritesBlocked`) → TEAMS.BLOCKED; any other 403 (`BotNotInConversationRoster`: the app is not installed
 * for the user) → TEAMS.NOT_INSTALLED; 401 → TEAMS.UNAUTHORIZED; 404 → TEAMS.NOT_FOUND; 429 → TEAMS.THROTTLED;
 * 5xx → TEAMS.UNAVAILABLE; other 4xx → TEAMS.BAD_REQUEST.
 */
export function toTeamsError(status: number, body: unknown, what: string): AppError {
  const error = isRecord(body) && isRecord(body.error) ? body.error : isRecord(body) ? body : {};
  const botCode = typeof error.code === "string" ? error.code : undefined;
  const subCode = typeof error.subCode === "string" ? error.subCode : undefined;
  const message = typeof error.message === "string" ? error.message : "(no message)";
  const code =
    status === 403 && (botCode === "ConversationBlockedByUser" || subCode === "MessageWritesBlocked")
      ? "TEAMS.BLOCKED"
      : status === 403
        ? "TEAMS.NOT_INSTALLED"
        : status === 401
          ? "TEAMS.UNAUTHORIZED"
          : status === 404
            ? "TEAMS.NOT_FOUND"
            : status === 429
              ? "TEAMS.THROTTLED"
              : status >= 500
                ? "TEAMS.UNAVAILABLE"
                : "TEAMS.BAD_REQUEST";
  return new AppError(
    code,
    `Bot Connector ${what} answered ${status}${botCode ? ` ${botCode}` : ""}: ${message}`,
    {
      status,
      details: { ...(botCode ? { botCode } : {}), ...(subCode ? { subCode } : {}) },
    },
  );
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
