import { parseArgs } from "node:util";
import type { z } from "zod";

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

/** Input the command could not use (an unreadable or invalid fixture…): printed alone, exit code 1. */
export class InputError extends Error {
  readonly code = "CLI.INPUT";
}

/**
 * Parses `--name value` options (every option takes a value) and validates them with `schema`;
 * `--min-group-size` arrives as the key `minGroupSize`. Problems become one UsageError naming each option.
 */
export function parseOptions<S extends z.ZodType>(
  argv: string[],
  names: readonly string[],
  schema: S,
): z.output<S> {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: Object.fromEntries(names.map((n) => [n, { type: "string" as const }])),
      strict: true,
      allowPositionals: false,
    }) as { values: Record<string, string | undefined> });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const camel = Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()), v]),
  );
  const parsed = schema.safeParse(camel);
  if (!parsed.success) {
    throw new UsageError(
      parsed.error.issues
        .map((i) => {
          const key = i.path[0];
          return typeof key === "string"
            ? `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${i.message}`
            : i.message;
        })
        .join("; "),
    );
  }
  return parsed.data;
}
