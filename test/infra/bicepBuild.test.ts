// Compiles infra/main.bicep with the real Bicep compiler where one is installed. None could be installed where
// this was written (the npm packages download the binary, NuGet is out of reach), so the test says so and skips;
// test/infra/mainBicep.test.ts checks the template against the app without a compiler.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

function onPath(command: string): boolean {
  return spawnSync(command, ["--version"], { encoding: "utf8" }).status === 0;
}

/** `bicep build` when the standalone CLI is there, else `az bicep build` when the Azure CLI has Bicep. */
function compiler(): string[] | undefined {
  if (onPath("bicep")) return ["bicep", "build", "infra/main.bicep", "--stdout"];
  if (onPath("az") && spawnSync("az", ["bicep", "version"], { encoding: "utf8" }).status === 0) {
    return ["az", "bicep", "build", "--file", "infra/main.bicep", "--stdout"];
  }
  return undefined;
}

const command = compiler();
const unavailable =
  "SKIPPED: no Bicep compiler here (neither `bicep` nor `az bicep` on PATH); run `az bicep build -f infra/main.bicep`";
if (!command) console.warn(`test/infra/bicepBuild.test.ts ${unavailable}`);

describe("infra/main.bicep", () => {
  it.skipIf(!command)(
    `compiles to an ARM template without errors${command ? "" : ` — ${unavailable}`}`,
    () => {
      const [bin, ...args] = command as string[];
      const result = spawnSync(bin as string, args, { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
      expect(result.status, result.stderr).toBe(0);
      expect(result.stderr).not.toMatch(/\bError\b/);
      const template = JSON.parse(result.stdout) as { resources: unknown };
      expect(template.resources).toBeDefined();
    },
    120_000,
  );
});
