import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/globalSetup.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // CI reads the totals from this file (see .ci/run); people read the default reporter.
    reporters: ["default", ["json", { outputFile: ".cadence/test-results.json" }]],
  },
});
