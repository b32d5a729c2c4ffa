import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseSettings, settingsSchema } from "../../shared/config.js";

const example = JSON.parse(readFileSync("local.settings.example.json", "utf8")) as {
  Values: Record<string, string>;
};
const hostOnly = ["FUNCTIONS_WORKER_RUNTIME", "CADENCE_HOST_FUNCTION_KEY", "CADENCE_HOST_MASTER_KEY"];

describe("local.settings.example.json", () => {
  it("lists every setting Cadence reads, and nothing it does not", () => {
    const listed = Object.keys(example.Values).filter((k) => !hostOnly.includes(k));
    const read = Object.keys(settingsSchema.shape);
    expect(listed.sort()).toEqual(read.sort());
  });
  it("is itself a valid configuration", () => {
    expect(() => parseSettings(example.Values)).not.toThrow();
  });
});

describe("README settings table", () => {
  it("documents every setting", () => {
    const readme = readFileSync("README.md", "utf8");
    for (const name of Object.keys(example.Values)) expect(readme).toContain(`\`${name}\``);
  });
});
