import type { PatternedRecurrence } from "@microsoft/microsoft-graph-types";
import { RecurrenceError } from "./recurrenceError.js";
import { type ParsedRecurrence, patternedRecurrenceSchema } from "./recurrenceSchema.js";

/**
 * Throws RecurrenceError (code "RECURRENCE.INVALID", message naming the field) for patterns Graph rejects.
 * `parseRecurrence` is the same check returning the parsed value, for callers that go on to expand it.
 */
export function validateRecurrence(recurrence: PatternedRecurrence): void {
  parseRecurrence(recurrence);
}

export function parseRecurrence(recurrence: PatternedRecurrence | null | undefined): ParsedRecurrence {
  const result = patternedRecurrenceSchema.safeParse(recurrence);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.map(String).join(".") || "recurrence";
  throw new RecurrenceError(field, `Invalid recurrence: ${field}: ${issue.message}`);
}
