/**
 * Milliseconds to wait from a `Retry-After` header: delta-seconds (Graph sends integers, the simulator fractions)
 * or an HTTP-date relative to `now`. Undefined when absent or unparseable, so the caller falls back to backoff.
 */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  if (/^-/.test(text)) return 0;
  // HTTP-dates always name a weekday; requiring a letter keeps stray numbers from parsing as years.
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}
