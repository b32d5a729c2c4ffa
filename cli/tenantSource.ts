// Where a CLI audit reads from: an embedded simulator loaded with a fixture or a generated tenant, or real Graph.
import { readFile } from "node:fs/promises";
import type { Fixture } from "../dev/sim/fixture.js";
import { parseGenerateSpec } from "../dev/sim/generate/generateOptions.js";
import { generateTenant } from "../dev/sim/generate/generateTenant.js";
import { startSimulator } from "../dev/sim/server.js";
import { simulatorGateway } from "../dev/sim/simulatorGateway.js";
import { parseFixture } from "../dev/sim/tenant.js";
import { gatewayFromSettings } from "../shared/composition/gatewayFromSettings.js";
import { ConfigError, type GraphSettings, parseGraphSettings } from "../shared/config.js";
import type { GraphGateway } from "../shared/graph/types.js";
import { InputError, UsageError } from "./command.js";

export interface TenantSourceOptions {
  fixture?: string | undefined;
  generate?: string | undefined;
  now?: string | undefined;
}

export interface TenantSource {
  gateway: GraphGateway;
  /** The instant to classify at: --now, else the fixture's `now`, else the wall clock. */
  now: Date;
  /** "fixture FILE", "generated users=N,seed=S" or "Microsoft Graph (TENANT)". */
  label: string;
  close(): Promise<void>;
}

/** The tenant a `--fixture FILE` or `--generate users=N,seed=S` option names, parsed and checked. */
export async function loadFixture(
  options: Pick<TenantSourceOptions, "fixture" | "generate">,
): Promise<Fixture> {
  if (options.fixture && options.generate) throw new UsageError("give --fixture or --generate, not both");
  let raw: unknown;
  if (options.fixture) {
    let text: string;
    try {
      text = await readFile(options.fixture, "utf8");
    } catch (err) {
      throw new InputError(
        `cannot read fixture ${options.fixture}: ${(err as NodeJS.ErrnoException).code ?? err}`,
      );
    }
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new InputError(`fixture ${options.fixture} is not JSON: ${(err as Error).message}`);
    }
  } else {
    try {
      raw = generateTenant(parseGenerateSpec(options.generate ?? "")).fixture;
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  try {
    return parseFixture(raw);
  } catch (err) {
    throw new InputError(`${options.fixture ?? "generated tenant"}: ${(err as Error).message}`);
  }
}

export async function openTenantSource(
  options: TenantSourceOptions,
  env: Record<string, string | undefined> = process.env,
): Promise<TenantSource> {
  const now = options.now === undefined ? undefined : parseNow(options.now);
  if (!options.fixture && !options.generate) return realGraph(env, now);
  const fixture = await loadFixture(options);
  const sim = await startSimulator({ fixture, port: 0 });
  return {
    gateway: simulatorGateway(sim),
    now: now ?? new Date(fixture.now),
    label: options.fixture ? `fixture ${options.fixture}` : `generated ${options.generate}`,
    close: () => sim.close(),
  };
}

function realGraph(env: Record<string, string | undefined>, now: Date | undefined): TenantSource {
  let graph: GraphSettings;
  try {
    graph = parseGraphSettings(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    throw new UsageError(
      `to audit a real tenant set the GRAPH_* settings:\n${err.problems.map((p) => `  - ${p}`).join("\n")}\n` +
        "to try Cadence without one, use --generate users=300,seed=1",
    );
  }
  return {
    gateway: gatewayFromSettings(graph),
    now: now ?? new Date(),
    label: `Microsoft Graph (${graph.GRAPH_TENANT_ID})`,
    close: async () => {},
  };
}

function parseNow(value: string): Date {
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(date.getTime())) {
    throw new UsageError(`--now must be an ISO-8601 instant like 2026-11-25T09:00:00Z, got "${value}"`);
  }
  return date;
}
