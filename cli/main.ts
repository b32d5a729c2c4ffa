// Entry point of the `cadence` command line: dispatches to one sub-command.
import { appVersion } from "../shared/appVersion.js";
import { type Command, InputError, UsageError } from "./command.js";
import { cardsCommand } from "./commands/cards.js";
import { planCommand } from "./commands/plan.js";
import { reportCommand } from "./commands/report.js";
import { scanCommand } from "./commands/scan.js";
import { simCommand } from "./commands/sim.js";

const commands: Command[] = [scanCommand, simCommand, reportCommand, planCommand, cardsCommand];

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 4);
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    `cadence ${appVersion()} — keeps manager ↔ direct-report 1:1s alive in Microsoft 365`,
    "",
    "Usage: cadence <command> [options]",
    "",
    "Commands:",
    ...lines,
    "",
    "Options:",
    "  -h, --help     show help (also: cadence help <command>)",
    "  -v, --version  print the version",
    "",
  ].join("\n");
}

export async function main(argv: string[], out = process.stdout, err = process.stderr): Promise<number> {
  const [first, ...rest] = argv;
  if (
    first === undefined ||
    first === "-h" ||
    first === "--help" ||
    (first === "help" && rest.length === 0)
  ) {
    out.write(help());
    return first === undefined ? 2 : 0;
  }
  if (first === "-v" || first === "--version") {
    out.write(`${appVersion()}\n`);
    return 0;
  }
  const wanted = first === "help" ? rest[0] : first;
  const command = commands.find((c) => c.name === wanted);
  if (!command) {
    err.write(`cadence: unknown command "${wanted}"\n\n${help()}`);
    return 2;
  }
  if (first === "help" || rest.includes("--help") || rest.includes("-h")) {
    out.write(`${command.summary}\n\nUsage:\n${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      err.write(`cadence ${command.name}: ${e.message}\n\nUsage:\n${command.usage}\n`);
      return 2;
    }
    if (e instanceof InputError) {
      err.write(`cadence ${command.name}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
