// Node module hooks that let a worker process run dev/host and the app straight from TypeScript sources
// (tests and `dev` runs without a build). Compiled runs (dist/) never load this file.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

// Loading the TypeScript compiler costs seconds; transpiled files are cached by content so most starts skip it.
const cacheDir = join(tmpdir(), "cadence-dev-host-ts");
let typescript;

async function transpile(url, source) {
  const key = createHash("sha256").update(url).update("\0").update(source).digest("hex");
  const cached = join(cacheDir, `${key}.js`);
  try {
    return await readFile(cached, "utf8");
  } catch {
    // Not cached yet.
  }
  typescript ??= (await import("typescript")).default;
  const output = typescript.transpileModule(source, {
    fileName: fileURLToPath(url),
    compilerOptions: {
      module: typescript.ModuleKind.ESNext,
      target: typescript.ScriptTarget.ES2022,
      inlineSourceMap: true,
      inlineSources: true,
    },
  }).outputText;
  await mkdir(cacheDir, { recursive: true });
  const temp = `${cached}.${process.pid}.tmp`;
  await writeFile(temp, output);
  await rename(temp, cached);
  return output;
}

export async function resolve(specifier, context, nextResolve) {
  const parent = context.parentURL;
  if (parent?.endsWith(".ts") && specifier.startsWith(".") && specifier.endsWith(".js")) {
    const tsUrl = new URL(`${specifier.slice(0, -3)}.ts`, parent);
    if (!existsSync(fileURLToPath(new URL(specifier, parent))) && existsSync(fileURLToPath(tsUrl))) {
      return { url: tsUrl.href, shortCircuit: true };
    }
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith("file:") || !url.endsWith(".ts")) return nextLoad(url, context);
  const source = await transpile(url, await readFile(fileURLToPath(url), "utf8"));
  return { format: "module", source, shortCircuit: true };
}
