/** A recurrence Graph would reject; `field` is the offending property's path, e.g. `pattern.dayOfMonth`. */
export class RecurrenceError extends Error {
  readonly code = "RECURRENCE.INVALID";
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = "RecurrenceError";
  }
}
