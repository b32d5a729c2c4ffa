// `cadence plan`: scans a tenant and proposes a bi-weekly 1:1 series for every pair without one (--create books them).
import { z } from "zod";
import { type Command, parseOptions } from "../command.js";
import { planToJson, planToTable } from "../formatPlan.js";
import { planSettings } from "../planSettings.js";
import { openTenantSource } from "../tenantSource.js";

export const planArgsSchema = z.object({
  fixture: z.string().min(1).optional(),
  generate: z.string().min(1).optional(),
  now: z.string().optional(),
  format: z.enum(["json", "table"], { error: "must be json or table" }).default("table"),
  /** Unset: CADENCE_MIN_NOTICE_HOURS (default 24). */
  minNoticeHours: z.coerce.number().int().min(0).max(336).optional(),
  create: z.boolean().default(false),
});
export type PlanArgs = z.infer<typeof planArgsSchema>;

/** `--create` is the one flag without a value; every other option takes one. */
export function parsePlanArgs(argv: string[]): PlanArgs {
  const create = argv.includes("--create");
  const parsed = parseOptions(
    argv.filter((a) => a !== "--create"),
    ["fixture", "generate", "now", "format", "min-notice-hours"],
    planArgsSchema.omit({ create: true }),
  );
  return { ...parsed, create };
}

export const planCommand: Command = {
  name: "plan",
  summary: "propose (or --create) a bi-weekly 1:1 series for every pair without one",
  usage: [
    "  cadence plan [--fixture FILE | --generate users=N,seed=S] [--now ISO] [--format json|table]",
    "               [--min-notice-hours H] [--create]",
    "",
    "  Scans the tenant, then finds for every missing or lapsed pair a weekly 30-minute time inside both",
    "  people's working hours and free in both calendars on its first three bi-weekly occurrences, and",
    "  prints the best time and up to two alternatives. With --create it books the best time of every",
    "  proposable pair as a Teams series in the manager's calendar (running it again books nothing: the",
    "  scan then finds those pairs scheduled).",
    "",
    "  Without --fixture/--generate it reads and writes the tenant through Microsoft Graph using",
    "  GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET (or GRAPH_CLIENT_CERTIFICATE_PATH).",
    "  CADENCE_EXCLUDED_USERS (UPNs or ids) are never proposed. CADENCE_MIN_NOTICE_HOURS (unless",
    "  --min-notice-hours is given), CADENCE_PROPOSAL_TTL_DAYS, CADENCE_SERIES_END and the cadence policy",
    "  settings (CADENCE_TARGET_DAYS…) apply as in the app. Progress goes to stderr.",
  ].join("\n"),
  async run(argv) {
    const args = parsePlanArgs(argv);
    const { policy, settings } = planSettings(args);
    const source = await openTenantSource(args);
    try {
      const { planTenant } = await import("../planTenant.js");
      const plan = await planTenant(source, settings, policy);
      if (args.format === "json") {
        const { excludedUsers: _, ...shown } = settings;
        process.stdout.write(`${JSON.stringify(planToJson(plan, policy, shown), null, 2)}\n`);
      } else {
        process.stdout.write(planToTable(plan));
        const counts: Record<string, number> = {};
        for (const e of plan.entries) counts[e.outcome] = (counts[e.outcome] ?? 0) + 1;
        const summary = Object.entries(counts)
          .map(([o, n]) => `${o} ${n}`)
          .join(", ");
        process.stderr.write(
          `${plan.entries.length} pairs (${summary}) from ${source.label}; ${source.gateway.stats().requests} Graph requests\n`,
        );
      }
      return 0;
    } finally {
      await source.close();
    }
  },
};
