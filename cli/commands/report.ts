// `cadence report`: scans a tenant in process (memory store) and renders the admin report as HTML, CSV or JSON.
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { z } from "zod";
import { scanGraphFromGateway } from "../../shared/composition/scanGraphFromGateway.js";
import { defaultCadencePolicy } from "../../shared/domain/cadencePolicy.js";
import { reportFiltersSchema } from "../../shared/domain/report/reportModel.js";
import { renderReportCsv } from "../../shared/report/renderReportCsv.js";
import { renderReportHtml } from "../../shared/report/renderReportHtml.js";
import { MemoryScanStore } from "../../shared/store/memoryScanStore.js";
import { buildReport } from "../../shared/usecases/buildReport.js";
import { runScanInProcess } from "../../shared/usecases/runScanInProcess.js";
import { type Command, UsageError } from "../command.js";
import { progressBar } from "../progressBar.js";
import { openTenantSource } from "../tenantSource.js";

export const reportArgsSchema = z.object({
  fixture: z.string().min(1).optional(),
  generate: z.string().min(1).optional(),
  now: z.string().optional(),
  format: z.enum(["html", "csv", "json"], { error: "--format must be html, csv or json" }).default("html"),
  out: z.string().min(1).optional(),
  department: z.string().optional(),
  manager: z.string().optional(),
  "min-group-size": z.coerce
    .number({ error: "--min-group-size must be a whole number" })
    .int("--min-group-size must be a whole number")
    .min(1, "--min-group-size must be at least 1")
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
    let values: Record<string, unknown>;
    try {
      ({ values } = parseArgs({
        args: argv,
        options: {
          fixture: { type: "string" },
          generate: { type: "string" },
          now: { type: "string" },
          format: { type: "string" },
          out: { type: "string" },
          department: { type: "string" },
          manager: { type: "string" },
          "min-group-size": { type: "string" },
        },
        strict: true,
        allowPositionals: false,
      }));
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const args = reportArgsSchema.safeParse(values);
    if (!args.success) throw new UsageError(args.error.issues.map((i) => i.message).join("; "));
    const filters = reportFiltersSchema.safeParse({
      department: args.data.department,
      manager: args.data.manager,
    });
    if (!filters.success) throw new UsageError(filters.error.issues.map((i) => i.message).join("; "));

    const source = await openTenantSource(args.data);
    try {
      const store = new MemoryScanStore();
      const bar = progressBar(process.stderr, "scanning");
      const run = await runScanInProcess(
        {
          graph: scanGraphFromGateway(source.gateway),
          store,
          clock: { now: () => source.now },
          policy: defaultCadencePolicy,
          runSuffix: () => "cli",
        },
        { onProgress: (p) => bar.update(p.shardsDone, p.shardsTotal) },
      );
      bar.end();
      // One scan, so the history is this run alone (the memory store keeps no run list).
      const model = await buildReport(
        {
          store: { listRuns: async () => [run], listPairs: (runId) => store.listPairs(runId) },
          clock: { now: () => source.now },
          minGroupSize: args.data["min-group-size"],
        },
        filters.data,
      );
      const text =
        args.data.format === "json"
          ? `${JSON.stringify(model, null, 2)}\n`
          : args.data.format === "csv"
            ? renderReportCsv(model)
            : renderReportHtml(model);
      if (args.data.out) {
        await writeFile(args.data.out, text, "utf8");
        process.stderr.write(
          `report of ${model.totals.pairs} pairs (${model.managers.length} managers) written to ${args.data.out}\n`,
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
