// `cadence sim`: the tenant simulator alone, for trying Cadence (or anything using Graph) against a local tenant.
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import type { Fixture } from "../../dev/sim/fixture.js";
import { GenerateSpecError, parseGenerateSpec } from "../../dev/sim/generate/generateOptions.js";
import { generateTenant } from "../../dev/sim/generate/generateTenant.js";
import { startSimulator } from "../../dev/sim/server.js";
import { FixtureError } from "../../dev/sim/tenant.js";
import { type Command, UsageError } from "../command.js";

const USAGE = [
  "  cadence sim --fixture FILE [--port N] [--seed N] [--cert-dir DIR]",
  "  cadence sim --generate users=N,seed=S [--port N] [--seed N] [--cert-dir DIR]",
].join("\n");

export const simArgsSchema = z
  .object({
    fixture: z.string().min(1).optional(),
    generate: z.string().min(1).optional(),
    port: z.coerce.number().int().min(0).max(65535).default(0),
    seed: z.coerce.number().int().min(0).default(1),
    certDir: z.string().min(1).default(join(tmpdir(), "cadence-sim")),
  })
  .refine((a) => (a.fixture === undefined) !== (a.generate === undefined), {
    message: "give exactly one of --fixture FILE or --generate users=N,seed=S",
  });

/** The one line `cadence sim` prints (DESIGN.md "Contracts"). */
export interface SimConnectionInfo {
  graph: string;
  login: string;
  botConnector: string;
  webhook: string;
  control: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  caCert: string;
}

export const simCommand: Command & { name: "sim" } = {
  name: "sim",
  summary: "run the local tenant simulator (Entra token endpoint, Graph, webhook) until interrupted",
  usage: USAGE,
  async run(argv) {
    const args = parseSimArgs(argv);
    let fixture: Fixture | unknown;
    try {
      fixture = args.fixture ? await readFixtureFile(args.fixture) : generateFixture(args.generate!);
    } catch (err) {
      if (err instanceof FixtureInputError) {
        process.stderr.write(`cadence sim: ${err.message}\n`);
        return 1;
      }
      throw err;
    }
    let sim: Awaited<ReturnType<typeof startSimulator>>;
    try {
      sim = await startSimulator({ fixture, seed: args.seed, port: args.port, certDir: args.certDir });
    } catch (err) {
      if (
        err instanceof FixtureError ||
        (err instanceof Error && "code" in err && /^SIM\./.test(String(err.code)))
      ) {
        process.stderr.write(`cadence sim: ${args.fixture ?? "generated tenant"}: ${err.message}\n`);
        return 1;
      }
      throw err;
    }
    const info: SimConnectionInfo = {
      graph: sim.urls.graph,
      login: sim.urls.login,
      botConnector: sim.urls.botConnector,
      webhook: sim.urls.webhook,
      control: sim.urls.control,
      tenantId: sim.tenantId,
      clientId: sim.clientId,
      clientSecret: sim.clientSecret,
      caCert: sim.caCert,
    };
    process.stdout.write(`${JSON.stringify(info)}\n`);
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        resolve();
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    });
    await sim.close();
    return 0;
  },
};

export function parseSimArgs(argv: string[]): z.output<typeof simArgsSchema> {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        fixture: { type: "string" },
        generate: { type: "string" },
        port: { type: "string" },
        seed: { type: "string" },
        "cert-dir": { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const parsed = simArgsSchema.safeParse({
    fixture: values.fixture,
    generate: values.generate,
    port: values.port,
    seed: values.seed,
    certDir: values["cert-dir"],
  });
  if (!parsed.success) {
    throw new UsageError(
      parsed.error.issues
        .map((i) => (i.path.length ? `--${String(i.path[0])}: ${i.message}` : i.message))
        .join("; "),
    );
  }
  return parsed.data;
}

class FixtureInputError extends Error {
  readonly code = "CLI.FIXTURE_UNREADABLE";
}

async function readFixtureFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new FixtureInputError(`cannot read fixture ${file}: ${(err as NodeJS.ErrnoException).code ?? err}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new FixtureInputError(`fixture ${file} is not JSON: ${(err as Error).message}`);
  }
}

function generateFixture(spec: string): Fixture {
  let options: ReturnType<typeof parseGenerateSpec>;
  try {
    options = parseGenerateSpec(spec);
  } catch (err) {
    if (err instanceof GenerateSpecError) throw new UsageError(err.message);
    throw err;
  }
  return generateTenant(options).fixture;
}
