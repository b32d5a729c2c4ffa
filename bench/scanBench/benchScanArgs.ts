// `npm run bench:scan` flags, checked at the edge: tenant sizes, seed, the baseline's sample size or its reuse.
import { parseArgs } from "node:util";
import { z } from "zod";

export const benchScanArgsSchema = z.object({
  users: z
    .string()
    .default("1000,10000")
    .transform((s) => s.split(",").map((part) => Number(part.trim())))
    .pipe(z.array(z.number().int().min(10).max(100_000)).min(1)),
  huge: z.boolean().default(false),
  seed: z.coerce.number().int().min(0).max(0xffffffff).default(1),
  /** Users whose calendars the per-user loop really reads when the tenant is larger than `baselineFullUpTo`. */
  baselineSample: z.coerce.number().int().min(1).default(300),
  /** Up to this many users the per-user loop reads every calendar; above it, a seeded sample. */
  baselineFullUpTo: z.coerce.number().int().min(0).default(1000),
  /** Re-runs keep the per-user loop's numbers from the previous results file instead of measuring it again. */
  skipBaseline: z.boolean().default(false),
});

export type BenchScanArgs = z.output<typeof benchScanArgsSchema>;

export class BenchUsageError extends Error {
  readonly code = "BENCH.USAGE";
}

export function parseBenchScanArgs(argv: string[]): BenchScanArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        users: { type: "string" },
        huge: { type: "boolean" },
        seed: { type: "string" },
        "baseline-sample": { type: "string" },
        "baseline-full-up-to": { type: "string" },
        "skip-baseline": { type: "boolean" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new BenchUsageError((err as Error).message);
  }
  const parsed = benchScanArgsSchema.safeParse({
    users: values.users,
    huge: values.huge,
    seed: values.seed,
    baselineSample: values["baseline-sample"],
    baselineFullUpTo: values["baseline-full-up-to"],
    skipBaseline: values["skip-baseline"],
  });
  if (!parsed.success) throw new BenchUsageError(z.prettifyError(parsed.error));
  const sizes = parsed.data.huge ? [...parsed.data.users, 100_000] : parsed.data.users;
  return { ...parsed.data, users: [...new Set(sizes)] };
}
