// `cadence scan`: audits a tenant's 1:1 cadence and prints every manager/report pair.
import { z } from "zod";
import { defaultCadencePolicy } from "../../shared/domain/cadencePolicy.js";
import { auditTenant } from "../auditTenant.js";
import { type Command, parseOptions } from "../command.js";
import { PAIR_COLUMNS, pairsToCsv, pairsToTable } from "../formatPairs.js";
import { openTenantSource } from "../tenantSource.js";

export const scanArgsSchema = z.object({
  fixture: z.string().min(1).optional(),
  generate: z.string().min(1).optional(),
  now: z.string().optional(),
  format: z.enum(["json", "csv", "table"], { error: "must be json, csv or table" }).default("table"),
});

export const scanCommand: Command = {
  name: "scan",
  summary: "audit every manager/report pair's 1:1 cadence",
  usage: [
    "  cadence scan [--fixture FILE | --generate users=N,seed=S] [--now ISO] [--format json|csv|table]",
    "",
    "  Without --fixture/--generate it reads the tenant from Microsoft Graph using GRAPH_TENANT_ID,",
    "  GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET (or GRAPH_CLIENT_CERTIFICATE_PATH) from the environment.",
    "",
    "  Always a one-shot full audit: incremental scans (change notifications, kept calendars) need the",
    "  deployed app (POST /api/scans).",
  ].join("\n"),
  async run(argv) {
    const args = parseOptions(argv, ["fixture", "generate", "now", "format"], scanArgsSchema);
    const source = await openTenantSource(args);
    try {
      const started = performance.now();
      const { run, store } = await auditTenant(source);
      const pairs = (await store.listPairs(run.runId))
        .map((r) => Object.fromEntries(PAIR_COLUMNS.map((c) => [c, r[c]])) as unknown as typeof r)
        .sort((a, b) => a.managerUpn.localeCompare(b.managerUpn) || a.reportUpn.localeCompare(b.reportUpn));
      const stats = source.gateway.stats();
      if (args.format === "json") {
        const out = {
          generatedAt: source.now.toISOString(),
          source: source.label,
          policy: defaultCadencePolicy,
          pairs,
          stats: {
            graphRequests: stats.requests,
            httpRequests: stats.httpRequests,
            batches: stats.batches,
            retries: stats.retries,
            throttled: stats.throttled,
            bytesReceived: stats.bytesReceived,
            durationMs: Math.round(performance.now() - started),
            counts: run.counts,
            errors: run.errors,
          },
        };
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      } else if (args.format === "csv") {
        process.stdout.write(pairsToCsv(pairs));
      } else {
        process.stdout.write(pairsToTable(pairs));
        const counts = Object.entries(run.counts)
          .map(([status, n]) => `${status} ${n}`)
          .join(", ");
        process.stderr.write(
          `${pairs.length} pairs (${counts}) from ${source.label}; ${stats.requests} Graph requests\n`,
        );
      }
      return 0;
    } finally {
      await source.close();
    }
  },
};
