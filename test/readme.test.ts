import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const readme = readFileSync("README.md", "utf8");
const pkg = JSON.parse(readFileSync("package.json", "utf8")) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

describe("README", () => {
  it("says why each dependency is there (type packages aside)", () => {
    const names = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)].filter(
      (n) => !n.startsWith("@types/"),
    );
    const unexplained = names.filter((n) => !readme.includes(`\`${n}\``));
    expect(unexplained).toEqual([]);
  });

  it("gives the three commands a new user needs", () => {
    for (const command of ["npm ci", "npm start", "npm test"]) expect(readme).toContain(command);
  });
});
