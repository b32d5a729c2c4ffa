// Loads a Functions app the way the Node worker does: package.json `main` (a glob) → import every file.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { glob } from "tinyglobby";
import { type CoreApiState, installCoreApi, type RegisteredFunction } from "./coreApi.js";
import { HostError } from "./hostError.js";
import type { HookData } from "./rpc.js";

export interface LoadedApp {
  state: CoreApiState;
  functions: RegisteredFunction[];
  files: string[];
}

async function entryFiles(appDir: string, mainOverride?: string): Promise<string[]> {
  let main = mainOverride;
  if (!main) {
    const pkgPath = join(appDir, "package.json");
    let pkg: { main?: unknown };
    try {
      pkg = JSON.parse(await readFile(pkgPath, "utf8")) as { main?: unknown };
    } catch (err) {
      throw new HostError("HOST.APP_LOAD", `Cannot read ${pkgPath}: ${(err as Error).message}`);
    }
    if (typeof pkg.main !== "string" || !pkg.main) {
      throw new HostError("HOST.APP_LOAD", `${pkgPath} has no "main" naming the function files (a glob)`);
    }
    main = pkg.main;
  }
  const files = (await glob(main, { cwd: appDir, absolute: true, onlyFiles: true })).sort();
  if (files.length === 0) {
    throw new HostError("HOST.APP_LOAD", `No files match main "${main}" in ${appDir} (did you build?)`);
  }
  return files;
}

export async function loadApp(
  appDir: string,
  log: CoreApiState["log"],
  mainOverride?: string,
): Promise<LoadedApp> {
  const state = installCoreApi(log);
  const files = await entryFiles(appDir, mainOverride);
  for (const file of files) {
    try {
      await import(pathToFileURL(file).href);
    } catch (err) {
      throw new HostError("HOST.APP_LOAD", `Worker was unable to load entry point "${file}": ${String(err)}`);
    }
  }
  if (!state.programmingModel && state.functions.length > 0) {
    throw new HostError("HOST.APP_LOAD", "Functions were registered without a programming model");
  }
  // The worker asks for capabilities after loading; the library locks `app.setup()` here.
  const capabilities = (await state.programmingModel?.getCapabilities?.({})) ?? {};
  if (capabilities.HttpUri) {
    throw new HostError(
      "HOST.APP_LOAD",
      "app.setup({ enableHttpStream: true }) is not supported by dev/host",
    );
  }
  const appStart = state.hooks.get("appStart") ?? [];
  for (const hook of appStart) {
    const hookData: HookData = {};
    await hook({ hookData, appHookData: state.appHookData, functionAppDirectory: appDir });
  }
  return { state, functions: state.functions, files };
}
