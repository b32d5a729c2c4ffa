import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { appVersion } from "../../shared/appVersion.js";

const run = promisify(execFile);

describe("cadence command line", () => {
  it("prints the package version", async () => {
    const { stdout } = await run(process.execPath, ["bin/cadence.js", "--version"]);
    expect(stdout.trim()).toBe(appVersion());
    expect(appVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("prints help listing its commands and exits 0 for --help", async () => {
    const { stdout } = await run(process.execPath, ["bin/cadence.js", "--help"]);
    expect(stdout).toContain("Usage: cadence <command>");
    expect(stdout).toContain("--version");
  });

  it("rejects an unknown command with exit code 2", async () => {
    const failure = await run(process.execPath, ["bin/cadence.js", "frobnicate"]).catch((e) => e);
    expect(failure.code).toBe(2);
    expect(failure.stderr).toContain('unknown command "frobnicate"');
  });
});
