const MAX_TICKS = 9_999_999_999_999;

/**
 * A run id that sorts newest first as text (Table Storage row keys sort ascending). The suffix is
 * percent-encoded, which removes every character row keys forbid (/ \ # ? and control characters).
 */
export function newRunId(startedAt: Date, suffix: string): string {
  return `${runIdTicks(startedAt)}-${encodeURIComponent(suffix)}`;
}

/** The 13-digit prefix of the ids of runs started at `instant`: later instants sort first. */
export function runIdTicks(instant: Date): string {
  return String(MAX_TICKS - instant.getTime()).padStart(13, "0");
}
