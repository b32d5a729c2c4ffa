// Our stand-in for `@azure/functions-core`, the module the real Node worker injects so that
// `@azure/functions` can hand it registrations, hooks and its programming model.

// Our stand-in for `@azure/functions-core`, the module the real Node worker injects so that
// `@azure/functions` can hand it registrations, hooks and its programming model.
import Module, { createRequire } from "node:module";
import { format } from "node:util";
import type * as core from "./rpc.js";

export interface RegisteredFunction {
  metadata: core.FunctionMetadata;
  callback: core.FunctionCallback;
}

export interface CoreApiState {
  functions: RegisteredFunction[];
  hooks: Map<string, core.HookCallback[]>;
  appHookData: core.HookData;
  programmingModel?: core.ProgrammingModel;
  /** Where the library's own system logs and our invocation logs go. */
  log: (level: core.RpcLogLevel, category: core.RpcLogCategory, message: string) => void;
}

class Disposable {
  static from(...likes: { dispose: () => unknown }[]): Disposable {
    return new Disposable(() => {
      for (const like of likes) like.dispose();
    });
  }
  #onDispose?: () => unknown;
  constructor(onDispose: () => unknown) {
    this.#onDispose = onDispose;
  }
  dispose(): unknown {
    const onDispose = this.#onDispose;
    this.#onDispose = undefined;
    return onDispose?.();
  }
}

const CORE_MODULE = "@azure/functions-core";
let installed: CoreApiState | undefined;

/**
 * Makes `require('@azure/functions-core')` answer with our implementation, in this process, from now on.
 * Must run before the app (and so `@azure/functions`) is imported: the library caches the first answer.
 */
export function installCoreApi(log: CoreApiState["log"]): CoreApiState {
  if (installed) return installed;
  const state: CoreApiState = { functions: [], hooks: new Map(), appHookData: {}, log };
  const api = {
    version: "3.10.1",
    hostVersion: "4.0.0-cadence-dev-host",
    Disposable,
    registerFunction(metadata: core.FunctionMetadata, callback: core.FunctionCallback): Disposable {
      if (state.functions.some((f) => f.metadata.name.toLowerCase() === metadata.name.toLowerCase())) {
        throw new Error(`A function with the name "${metadata.name}" has already been registered.`);
      }
      const entry = { metadata, callback };
      state.functions.push(entry);
      return new Disposable(() => {
        state.functions = state.functions.filter((f) => f !== entry);
      });
    },
    registerHook(hookName: string, callback: core.HookCallback): Disposable {
      const list = state.hooks.get(hookName) ?? [];
      list.push(callback);
      state.hooks.set(hookName, list);
      return new Disposable(() => {
        state.hooks.set(
          hookName,
          (state.hooks.get(hookName) ?? []).filter((c) => c !== callback),
        );
      });
    },
    setProgrammingModel(model: core.ProgrammingModel): void {
      state.programmingModel = model;
    },
    getProgrammingModel(): core.ProgrammingModel | undefined {
      return state.programmingModel;
    },
    log(level: core.RpcLogLevel, category: core.RpcLogCategory, ...args: unknown[]): void {
      state.log(level, category, format(...args));
    },
  };
  // The library loads it with a CommonJS require, so intercepting the CommonJS loader is enough.
  const loader = Module as unknown as {
    _load: (request: string, parent: unknown, isMain: boolean) => unknown;
  };
  const originalLoad = loader._load;
  loader._load = function load(request: string, parent: unknown, isMain: boolean) {
    if (request === CORE_MODULE) return api;
    return originalLoad.call(this, request, parent, isMain);
  };
  // Fail loudly if a copy of @azure/functions was already loaded in test mode by someone else.
  const require = createRequire(import.meta.url);
  const cached = Object.keys(require.cache).some((key) =>
    /[\\/]@azure[\\/]functions[\\/]dist[\\/]/.test(key),
  );
  if (cached) {
    throw new Error("@azure/functions was loaded before the host installed @azure/functions-core");
  }
  installed = state;
  return state;
}
