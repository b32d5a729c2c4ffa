// The local Azure Functions host: loads the app in worker processes, serves HTTP triggers, fires timers,
// and lets the workers drain queue triggers from Azurite.
import { randomBytes, randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { toIanaZone } from "../../shared/domain/timeZone.js";
import { type FunctionSpec, type TimerFunctionSpec, toFunctionSpec } from "./functionSpecs.js";
import { HostError } from "./hostError.js";
import { readHostJson } from "./hostJson.js";
import { createHttpHost, type HostKeys } from "./httpHost.js";
import { loadLocalSettings } from "./localSettings.js";
import type { RpcInvocationRequest, RpcInvocationResponse, RpcLogLevel } from "./rpc.js";
import { type TimerPayload, TimerScheduler } from "./timerScheduler.js";
import { WorkerProcess } from "./workerProcess.js";

export interface StartHostOptions {
  /** The function app: holds host.json, package.json (whose `main` globs the function files), local.settings.json. */
  appDir: string;
  /** Default 7071; 0 picks a free port. */
  port?: number;
  /** Worker processes that run the app and drain queues (default 1). */
  workers?: number;
  /** Settings layered over process.env (and under which local.settings.json fills the gaps). */
  env?: Record<string, string | undefined>;
  /** Overrides package.json `main` (a glob relative to appDir). */
  main?: string;
  /** Receives every log line (default: stdout). */
  log?: (line: string) => void;
}

export interface RunningHost {
  url: string;
  port: number;
  functions: FunctionSpec[];
  keys: HostKeys;
  /** Worker process ids, for callers that check clean shutdown. */
  workerPids: number[];
  close(): Promise<void>;
}

function describe(spec: FunctionSpec, baseUrl: string, prefix: string): string {
  switch (spec.kind) {
    case "http":
      return `${spec.name}: [${spec.methods.join(",")}] ${baseUrl}${prefix ? `/${prefix}` : ""}/${spec.route}`;
    case "timer":
      return `${spec.name}: timerTrigger (schedule: ${spec.schedule}${spec.runOnStartup ? ", runOnStartup" : ""})`;
    case "queue":
      return `${spec.name}: queueTrigger (queue: ${spec.queueName}, connection: ${spec.connection})`;
  }
}

export async function startHost(options: StartHostOptions): Promise<RunningHost> {
  const appDir = resolve(options.appDir);
  const print = options.log ?? ((line: string) => console.log(line));
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  await loadLocalSettings(appDir, env);
  const settings = await readHostJson(appDir, env);
  const timezone = env.WEBSITE_TIME_ZONE ? toIanaZone(env.WEBSITE_TIME_ZONE) : undefined;
  const keys: HostKeys = {
    functionKey: env.CADENCE_HOST_FUNCTION_KEY || randomBytes(24).toString("base64url"),
    masterKey: env.CADENCE_HOST_MASTER_KEY || randomBytes(24).toString("base64url"),
  };
  const workerCount = Math.max(1, Math.floor(options.workers ?? 1));
  const log = (workerId: number, level: RpcLogLevel, message: string): void => {
    if (level === "debug" || level === "trace") return;
    const tag = workerCount > 1 ? ` [worker ${workerId}]` : "";
    print(`[${new Date().toISOString()}]${tag} ${message}`);
  };

  const workers: WorkerProcess[] = [];
  let closing: Promise<void> | undefined;
  let stopping = false;
  const killAll = async () => {
    stopping = true;
    await Promise.allSettled(workers.map((w) => w.kill()));
  };
  let specs: FunctionSpec[];
  try {
    const spawn = (id: number) => {
      const worker = new WorkerProcess(id, { appDir, main: options.main }, env, log, (code) => {
        if (!stopping)
          log(id, "error", `Worker ${id} exited unexpectedly (code ${code}); it gets no more invocations.`);
      });
      workers.push(worker);
      return worker;
    };
    const first = spawn(1);
    const metadata = await first.loaded();
    specs = metadata.map((m) => toFunctionSpec(m, env, timezone));
    const rest = Array.from({ length: workerCount - 1 }, (_, i) => spawn(i + 2));
    await Promise.all(rest.map((w) => w.loaded()));
    await Promise.all(workers.map((w) => w.start(specs, settings, true)));
  } catch (err) {
    await killAll();
    throw err;
  }

  let nextWorker = 0;
  const invoke = (
    name: string,
    reason: string,
    request: RpcInvocationRequest & { invocationId: string },
  ): Promise<RpcInvocationResponse> => {
    const alive = workers.filter((w) => w.running);
    const worker = alive[nextWorker++ % Math.max(1, alive.length)];
    if (!worker) return Promise.reject(new HostError("HOST.WORKER_EXITED", "No worker process is running"));
    return worker.invoke(name, reason, request);
  };
  const fireTimer = async (spec: TimerFunctionSpec, payload: TimerPayload, reason: string) => {
    await invoke(spec.name, reason, {
      invocationId: randomUUID(),
      inputData: [{ name: spec.triggerBinding, data: { json: JSON.stringify(payload) } }],
      triggerMetadata: {},
    }).catch(() => {
      // The worker logged the failure; a timer simply waits for its next occurrence.
    });
  };
  const invokeAdmin = (spec: FunctionSpec, input: string | undefined) => {
    const reason = "This function was programmatically called via the host APIs.";
    if (spec.kind === "timer") {
      void fireTimer(spec, TimerScheduler.adHoc(spec, timezone), reason);
    } else if (spec.kind === "queue") {
      const text = input ?? "";
      let data: { json: string } | { string: string };
      try {
        JSON.parse(text);
        data = { json: text };
      } catch {
        data = { string: text };
      }
      void invoke(spec.name, reason, {
        invocationId: randomUUID(),
        inputData: [{ name: spec.triggerBinding, data }],
        triggerMetadata: { DequeueCount: { int: 1 }, QueueTrigger: { string: text } },
      }).catch(() => {});
    }
  };

  const server = createHttpHost({
    routePrefix: settings.routePrefix,
    keys,
    functions: specs,
    invoke,
    invokeAdmin,
    log: (message) => log(0, "error", message),
  });
  try {
    await new Promise<void>((ok, fail) => {
      server.once("error", fail);
      server.listen(options.port ?? 7071, "127.0.0.1", () => {
        server.off("error", fail);
        ok();
      });
    });
  } catch (err) {
    stopping = true;
    await Promise.allSettled(workers.map((w) => w.stop()));
    throw new HostError(
      "HOST.APP_LOAD",
      `Cannot listen on 127.0.0.1:${options.port ?? 7071}: ${(err as Error).message}`,
    );
  }
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  const timers = new TimerScheduler(fireTimer, timezone);
  for (const spec of specs) {
    if (spec.kind !== "timer") continue;
    timers.schedule(spec);
    if (spec.runOnStartup)
      void fireTimer(spec, TimerScheduler.adHoc(spec, timezone), "Timer fired on startup");
  }

  print("");
  print("Functions:");
  print("");
  for (const spec of specs) print(`        ${describe(spec, url, settings.routePrefix)}`);
  if (specs.length === 0)
    print(`No job functions found in ${appDir} (package.json "main" loaded no registrations).`);
  print("");
  const pids = workers.map((w) => w.pid).filter((pid): pid is number => pid !== undefined);
  print(
    `Host started on ${url} with ${workerCount} worker process${workerCount > 1 ? "es" : ""} (pid ${pids.join(", ")}).`,
  );
  // Like the real host, keys exist even when none were configured; print the generated ones so they can be used.
  if (!env.CADENCE_HOST_FUNCTION_KEY)
    print(`Generated function key (set CADENCE_HOST_FUNCTION_KEY to fix it): ${keys.functionKey}`);
  if (!env.CADENCE_HOST_MASTER_KEY)
    print(`Generated master key (set CADENCE_HOST_MASTER_KEY to fix it): ${keys.masterKey}`);

  return {
    url,
    port,
    functions: specs,
    keys,
    workerPids: pids,
    close() {
      stopping = true;
      closing ??= (async () => {
        timers.stop();
        const closed = new Promise<void>((ok) => server.close(() => ok()));
        server.closeAllConnections();
        await closed;
        await Promise.allSettled(workers.map((w) => w.stop()));
      })();
      return closing;
    },
  };
}
