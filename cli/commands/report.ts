// `cadence report`: scans a tenant in process (memory store) and renders the admin report as HTML, CSV or JSON.
import { writeFile } from "node:fs/promises";
import { z } from "zod";
import { reportFiltersSchema } from "../../shared/domain/report/reportModel.js";
import { renderReportCsv } from "../../shared/report/renderReportCsv.js";
import { renderReportHtml } from "../../shared/report/renderReportHtml.js";
import { buildReport } from "../../shared/usecases/buildReport.js";
import { auditTenant } from "../auditTenant.js";
import { type Command, parseOptions, UsageError } from "../command.js";
import { openTenantSource } from "../tenantSource.js";

export const reportArgsSchema = z.object({
  fixture: z.string().min(1).optional(),
  generate: z.string().min(1).optional(),
  now: z.string().optional(),
  format: z.enum(["html", "csv", "json"], { error: "must be html, csv or json" }).default("html"),
  out: z.string().min(1).optional(),
  department: z.string().optional(),
  manager: z.string().optional(),
  minGroupSize: z.coerce
    .number({ error: "must be a whole number" })
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .default(5),
});

export const reportCommand: Command = {
  name: "report",
  summary: "the admin report of 1:1 gaps (per manager, per department, pairs needing action)",
  usage: [
    "  cadence report [--fixture FILE | --generate users=N,seed=S] [--now ISO] [--format html|csv|json]",
    "                 [--out FILE] [--department NAME] [--manager NAME|UPN] [--min-group-size N]",
    "",
    "  Scans the tenant in this process, then renders the report (HTML by default) to stdout or --out FILE.",
    "  Without --fixture/--generate it reads Microsoft Graph with the GRAPH_* settings, as `cadence scan` does.",
  ].join("\n"),
  async run(argv) {
    const args = parseOptions(
      argv,
      ["fixture", "generate", "now", "format", "out", "department", "manager", "min-group-size"],
      reportArgsSchema,
    );
    const filters = reportFiltersSchema.safeParse({
      department: args.department,
      manager: args.manager,
    });
    if (!filters.success) throw new UsageError(filters.error.issues.map((i) => i.message).join("; "));

    const source = await openTenantSource(args);
    try {
      const { run, store } = await auditTenant(source);
      // One scan, so the history is this run alone (the memory store keeps no run list).
      const model = await buildReport(
        {
          store: { listRuns: async () => [run], listPairs: (runId) => store.listPairs(runId) },
          clock: { now: () => source.now },
          minGroupSize: args.minGroupSize,
        },
        filters.data,
      );
      const text =
        args.format === "json"
          ? `${JSON.stringify(model, null, 2)}\n`
          : args.format === "csv"
            ? renderReportCsv(model)
            : renderReportHtml(model);
      if (args.out) {
        await writeFile(args.out, text, "utf8");
        process.stderr.write(
          `report of ${model.totals.pairs} pairs (${model.managers.length} managers) written to ${args.out}\n`,
        );
      } else {
        process.stdout.write(text);
      }
      return 0;
    } finally {
      await source.close();
    }
  },
};
