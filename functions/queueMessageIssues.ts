import type { z } from "zod";

const MAX_ISSUES = 5;

/**
 * Why a queue message failed its schema, for logs and run records: each issue's path and zod's message, never
 * the values (a message can carry names and addresses). A few issues say enough; the rest are counted.
 */
export function queueMessageIssues(error: z.ZodError): string {
  const shown = error.issues
    .slice(0, MAX_ISSUES)
    .map((i) => `${i.path.length > 0 ? i.path.join(".") : "(message)"}: ${i.message}`);
  const more = error.issues.length - shown.length;
  return `${shown.join("; ")}${more > 0 ? `; and ${more} more` : ""}`;
}
