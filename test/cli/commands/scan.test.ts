// `cadence scan` end to end: the compiled CLI, its embedded simulator over HTTPS, the real gateway and use cases.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { generateTenant } from "../../../dev/sim/generate/generateTenant.js";
import { pairResultSchema } from "../../../shared/domain/pairResult.js";

const run = promisify(execFile);
const cadence = (...args: string[]) =>
  run(process.execPath, ["bin/cadence.js", ...args], { maxBuffer: 64 * 1024 * 1024 });

/** DESIGN.md "Contracts": the JSON `cadence scan` prints. */
const scanOutputSchema = z.object({
  generatedAt: z.iso.datetime(),
  policy: z.object({
    targetDays: z.number(),
    floorDays: z.number(),
    lookbackDays: z.number(),
    lookaheadDays: z.number(),
  }),
  pairs: z.array(pairResultSchema.strict()),
  stats: z.looseObject({ graphRequests: z.number().int().positive(), durationMs: z.number().nonnegative() }),
});

describe("cadence scan", () => {
  it("prints the JSON contract, every pair classified as planted in the generated tenant", async () => {
    const { stdout } = await cadence("scan", "--generate", "users=120,seed=4", "--format", "json");
    const out = scanOutputSchema.parse(JSON.parse(stdout));
    const { truth, fixture } = generateTenant({ users: 120, seed: 4 });
    expect(out.generatedAt).toBe(new Date(fixture.now).toISOString());
    const got = new Map(out.pairs.map((p) => [`${p.managerId}/${p.reportId}`, p.status]));
    expect(out.pairs).toHaveLength(truth.pairs.length);
    for (const t of truth.pairs) {
      const status = got.get(`${t.managerId}/${t.reportId}`);
      expect({ pair: `${t.managerUpn}/${t.reportUpn}`, status }).toEqual({
        pair: `${t.managerUpn}/${t.reportUpn}`,
        status: t.status,
      });
    }
  }, 120_000);

  it("prints RFC 4180 CSV with one row per pair and the contract's columns", async () => {
    const { stdout } = await cadence(
      "scan",
      "--generate",
      "users=40,seed=9",
      "--format",
      "csv",
      "--now",
      "2026-11-26T09:00:00Z",
    );
    const rows = parse(stdout, { columns: true }) as Record<string, string>[];
    const { truth } = generateTenant({ users: 40, seed: 9 });
    expect(rows).toHaveLength(truth.pairs.length);
    expect(Object.keys(rows[0]!)).toEqual([
      "managerId",
      "managerUpn",
      "reportId",
      "reportUpn",
      "status",
      "lastHeld",
      "nextScheduled",
      "cadenceDays",
      "seriesId",
      "reason",
    ]);
  }, 120_000);

  it("explains bad input with the right exit code", async () => {
    const usage = await cadence("scan", "--format", "xml", "--generate", "users=20,seed=1").catch((e) => e);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("--format: must be json, csv or table");
    const missing = await cadence("scan", "--fixture", "does-not-exist.json").catch((e) => e);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("cannot read fixture does-not-exist.json");
    const noTenant = await run(process.execPath, ["bin/cadence.js", "scan"], {
      env: { PATH: process.env.PATH },
    }).catch((e) => e);
    expect(noTenant.code).toBe(2);
    expect(noTenant.stderr).toContain("GRAPH_TENANT_ID");
  });
});
