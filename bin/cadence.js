#!/usr/bin/env node
// The `cadence` command. The TypeScript sources are compiled by `npm ci` (the `prepare` script) into dist/.
import { existsSync } from "node:fs";

const entry = new URL("../dist/cli/main.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    "cadence: dist/ is missing; run `npm run build` (npm ci does it for you) and try again.\n",
  );
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
