// `cadence sim`: the tenant simulator alone, for trying Cadence (or anything using Graph) against a local tenant.
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { startSimulator } from "../../dev/sim/server.js";
import { type Command, parseOptions } from "../command.js";
import { loadFixture } from "../tenantSource.js";

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
    const fixture = await loadFixture(args);
    const sim = await startSimulator({ fixture, seed: args.seed, port: args.port, certDir: args.certDir });
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
  return parseOptions(argv, ["fixture", "generate", "port", "seed", "cert-dir"], simArgsSchema);
}
