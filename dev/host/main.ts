// `node dist/dev/host/main.js [--port N] [--workers N] [--app DIR]`: the app served like `func start`.
import { parseArgs } from "node:util";
import { z } from "zod";
import { HostError } from "./hostError.js";
import { startHost } from "./startHost.js";

export const hostArgsSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(7071),
  workers: z.coerce.number().int().min(1).max(64).default(1),
  app: z.string().default("."),
});

async function main(): Promise<void> {
  let values: unknown;
  try {
    ({ values } = parseArgs({
      options: { port: { type: "string" }, workers: { type: "string" }, app: { type: "string" } },
      strict: true,
    }));
  } catch (err) {
    console.error(
      `${(err as Error).message}\nUsage: node dist/dev/host/main.js [--port N] [--workers N] [--app DIR]`,
    );
    process.exit(2);
  }
  const args = hostArgsSchema.safeParse(values);
  if (!args.success) {
    console.error(`Invalid arguments: ${z.prettifyError(args.error)}`);
    process.exit(2);
  }
  let host: Awaited<ReturnType<typeof startHost>>;
  try {
    host = await startHost({ appDir: args.data.app, port: args.data.port, workers: args.data.workers });
  } catch (err) {
    const code = err instanceof HostError ? `${err.code}: ` : "";
    console.error(`Host failed to start. ${code}${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received, stopping the host...`);
    host.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(`Shutdown failed: ${String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

await main();
