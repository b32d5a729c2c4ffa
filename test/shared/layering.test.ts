// The dependency rule, read from the source: the domain and the use cases import no adapter and no SDK, and the
// domain, innermost, imports nothing of the use cases (nor of what composes them).
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const ADAPTERS = ["shared/graph", "shared/store", "shared/teams"].map((d) => resolve(root, d));
const DOMAIN = resolve(root, "shared/domain");
const OUTER_LAYERS = ["shared/usecases", "shared/composition"].map((d) => resolve(root, d));
const inside = (target: string, dir: string) => target === dir || target.startsWith(`${dir}/`);
const SDK = /^(@azure\/|@microsoft\/microsoft-graph-client|@microsoft\/agents-|adaptivecards)/;
/** Graph's shape vocabulary: types only, no code. */
const TYPES_ONLY = "@microsoft/microsoft-graph-types";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** Every module a file names in an import, export … from, or dynamic import, with whether it is type-only. */
function importsOf(text: string): Array<{ from: string; typeOnly: boolean }> {
  const found: Array<{ from: string; typeOnly: boolean }> = [];
  const statement = /^\s*(import|export)\s+(type\s+)?[^;]*?from\s+["']([^"']+)["']/gms;
  for (const m of text.matchAll(statement)) found.push({ from: m[3]!, typeOnly: Boolean(m[2]) });
  for (const m of text.matchAll(/^\s*import\s+["']([^"']+)["']/gm))
    found.push({ from: m[1]!, typeOnly: false });
  for (const m of text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g))
    found.push({ from: m[1]!, typeOnly: false });
  return found;
}

/** Why an import breaks the rule, or null. */
function violation(file: string, spec: { from: string; typeOnly: boolean }): string | null {
  if (spec.from.startsWith(".")) {
    const target = resolve(dirname(file), spec.from);
    if (ADAPTERS.some((d) => inside(target, d))) return `imports the adapter ${relative(root, target)}`;
    if (inside(file, DOMAIN) && OUTER_LAYERS.some((d) => inside(target, d)))
      return `imports ${relative(root, target)} from the domain`;
    return null;
  }
  if (spec.from === TYPES_ONLY) return spec.typeOnly ? null : `imports ${TYPES_ONLY} for more than its types`;
  return SDK.test(spec.from) ? `imports the SDK ${spec.from}` : null;
}

describe("layering", () => {
  it("no file in shared/domain or shared/usecases imports shared/graph, shared/store, shared/teams or an SDK", () => {
    const files = ["shared/domain", "shared/usecases"].flatMap((d) => sourceFiles(resolve(root, d)));
    expect(files.length).toBeGreaterThan(20);
    const problems = files.flatMap((file) =>
      importsOf(readFileSync(file, "utf8")).flatMap((spec) => {
        const why = violation(file, spec);
        return why ? [`${relative(root, file)}: ${why}`] : [];
      }),
    );
    expect(problems).toEqual([]);
  });

  it("no file in shared/domain imports shared/usecases or shared/composition", () => {
    const files = sourceFiles(DOMAIN);
    expect(files.length).toBeGreaterThan(20);
    const problems = files.flatMap((file) =>
      importsOf(readFileSync(file, "utf8")).flatMap((spec) => {
        const why = violation(file, spec);
        return why ? [`${relative(root, file)}: ${why}`] : [];
      }),
    );
    expect(problems).toEqual([]);
  });

  it("flags the domain reaching outward, and not the use cases reaching inward", () => {
    const domainFile = resolve(root, "shared/domain/report/example.ts");
    const useCase = resolve(root, "shared/usecases/example.ts");
    const outward = [
      'import type { ScanRun } from "../../usecases/ports/scanRecords.js";',
      'import { scanPortsFromSettings } from "../../composition/scanPortsFromSettings.js";',
      'import type { PairRecord } from "../scanRecords.js";',
    ].join("\n");
    expect(
      importsOf(outward)
        .filter((spec) => violation(domainFile, spec) !== null)
        .map((s) => s.from),
    ).toEqual(["../../usecases/ports/scanRecords.js", "../../composition/scanPortsFromSettings.js"]);
    expect(violation(useCase, { from: "../domain/scanRecords.js", typeOnly: true })).toBeNull();
  });

  it("recognises each kind of forbidden import (the check can fail)", () => {
    const file = resolve(root, "shared/usecases/example.ts");
    const text = [
      'import type { GraphGateway } from "../graph/types.js";',
      'import { ScanStore } from "../store/scanStore.js";',
      'export { buildDigestCard } from "../teams/buildDigestCard.js";',
      'import { TableClient } from "@azure/data-tables";',
      'import { Client } from "@microsoft/microsoft-graph-client";',
      'import {\n  CloudAdapter,\n} from "@microsoft/agents-hosting";',
      'const cards = await import("adaptivecards-templating");',
      'import { Event } from "@microsoft/microsoft-graph-types";',
      'import type { User } from "@microsoft/microsoft-graph-types";',
      'import { z } from "zod";',
      'import type { PairRecord } from "./ports/scanRecords.js";',
    ].join("\n");
    const flagged = importsOf(text).filter((spec) => violation(file, spec) !== null);
    expect(flagged.map((s) => s.from)).toEqual([
      "../graph/types.js",
      "../store/scanStore.js",
      "../teams/buildDigestCard.js",
      "@azure/data-tables",
      "@microsoft/microsoft-graph-client",
      "@microsoft/agents-hosting",
      "@microsoft/microsoft-graph-types",
      "adaptivecards-templating",
    ]);
  });
});
