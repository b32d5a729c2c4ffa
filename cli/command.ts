/** A `cadence` sub-command: parses its own arguments, returns the process exit code. */
export interface Command {
  name: string;
  summary: string;
  /** One usage line per form, shown by `cadence help NAME` and on bad arguments. */
  usage: string;
  run(argv: string[]): Promise<number>;
}

/** A bad command line: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  readonly code = "CLI.USAGE";
}
