// .NET TimeSpan strings ("00:05:00", "1.02:00:00", "00:00:00.250") as host.json and timer schedules use them.
const TIME_SPAN = /^(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?$/;

/** Milliseconds the TimeSpan denotes, or undefined when the text is not a TimeSpan. */
export function parseTimeSpan(text: string): number | undefined {
  const m = TIME_SPAN.exec(text.trim());
  if (!m) return undefined;
  const [, days = "0", hours = "0", minutes = "0", seconds = "0", fraction = "0"] = m;
  if (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 59) return undefined;
  const ms = Number(`0.${fraction}`) * 1000;
  return ((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * 60_000 + Number(seconds) * 1000 + ms;
}
