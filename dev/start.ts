// `npm start`: the demo on one machine, no account needed — Azurite, the tenant simulator with a generated demo
// tenant, and the local Functions host; runs a scan through the real fan-out and prints what it found.
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runDemo } from "./runDemo.js";

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const DEMO = { users: Number(process.env.CADENCE_DEMO_USERS ?? 300), seed: 42 };
const PORT = Number(process.env.PORT ?? 7071);
const say = (line: string) => process.stdout.write(`${line}\n`);

const stops: (() => Promise<void>)[] = [];
let stopping = false;
async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    for (const stop of stops.reverse()) await stop().catch(() => {});
  }
  process.exit(code);
}
process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));

try {
  await runDemo({
    appDir: projectRoot,
    ...DEMO,
    port: PORT,
    say,
    progress: (text) => process.stdout.write(text),
    stops,
    certDir: resolve(projectRoot, ".cadence/sim-cert"),
  });
  say("Press Ctrl-C to stop.");
} catch (err) {
  process.stderr.write(`npm start failed: ${err instanceof Error ? err.message : String(err)}\n`);
  await stopAll(1);
}
