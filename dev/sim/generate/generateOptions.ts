// Options of the synthetic tenant generator, from code or from the CLI's `--generate users=N,seed=S`.
import { z } from "zod";

export const DEFAULT_GENERATE_NOW = "2026-11-25T09:00:00Z";

export const generateOptionsSchema = z.object({
  /** Below 10 there is no room for a CEO, departments and a status mix; above 100,000 the org can't stay 6 deep. */
  users: z.number().int().min(10).max(100_000),
  seed: z.number().int().min(0).max(0xffffffff),
  now: z.iso.datetime({ offset: true }).default(DEFAULT_GENERATE_NOW),
});

export type GenerateOptions = z.input<typeof generateOptionsSchema>;

export class GenerateSpecError extends Error {
  readonly code = "GENERATE.BAD_SPEC";
}

const specKeys = ["users", "seed", "now"] as const;

/** Parses `users=300,seed=7` (optionally `,now=2026-11-25T09:00:00Z`); errors name the offending part. */
export function parseGenerateSpec(spec: string): z.output<typeof generateOptionsSchema> {
  const raw: Record<string, string> = {};
  for (const part of spec.split(",")) {
    const trimmed = part.trim();
    if (trimmed === "") continue;
    const eq = trimmed.indexOf("=");
    if (eq < 1) {
      throw new GenerateSpecError(
        `Bad generate spec "${spec}": "${trimmed}" is not key=value (e.g. users=300,seed=7)`,
      );
    }
    const key = trimmed.slice(0, eq).trim();
    if (!(specKeys as readonly string[]).includes(key)) {
      throw new GenerateSpecError(
        `Bad generate spec "${spec}": unknown key "${key}" (expected ${specKeys.join(", ")})`,
      );
    }
    if (key in raw) throw new GenerateSpecError(`Bad generate spec "${spec}": "${key}" given twice`);
    raw[key] = trimmed.slice(eq + 1).trim();
  }
  const toNumber = (value: string | undefined) =>
    value === undefined ? undefined : /^\d+$/.test(value) ? Number(value) : value;
  const parsed = generateOptionsSchema.safeParse({
    users: toNumber(raw.users),
    seed: toNumber(raw.seed),
    now: raw.now,
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join(".") || "spec"}: ${issue.message}`,
    );
    throw new GenerateSpecError(`Bad generate spec "${spec}": ${problems.join("; ")}`);
  }
  return parsed.data;
}
