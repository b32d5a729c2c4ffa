// Entry of a worker process: loads the app once, invokes its functions on request and drains its queues.

import type { FunctionSpec, QueueFunctionSpec } from "./functionSpecs.js";
import { HostError } from "./hostError.js";
import { invokeRegistered } from "./invokeRegistered.js";
import { type LoadedApp, loadApp } from "./loadApp.js";
import { QueueListener } from "./queueListener.js";
import { QueueStore } from "./queueStore.js";
import type { RpcInvocationRequest, RpcInvocationResponse, RpcLogLevel } from "./rpc.js";
import type { FromWorker, ToWorker, WorkerArgs } from "./workerProtocol.js";

const args = JSON.parse(process.env.CADENCE_HOST_WORKER ?? "{}") as WorkerArgs;
const send = (message: FromWorker): void => {
  if (process.connected) process.send?.(message);
};
const log = (level: RpcLogLevel, message: string): void => send({ type: "log", level, message });

let app: LoadedApp | undefined;
let specs = new Map<string, FunctionSpec>();
let store: QueueStore | undefined;
const listeners: QueueListener[] = [];
let stopping: Promise<void> | undefined;

async function runFunction(
  name: string,
  reason: string,
  request: RpcInvocationRequest & { invocationId: string },
): Promise<RpcInvocationResponse> {
  const spec = specs.get(name);
  const fn = app?.functions.find((f) => f.metadata.name === name);
  if (!spec || !fn || !app || !store) throw new Error(`Function "${name}" is not loaded`);
  const started = performance.now();
  const id = request.invocationId;
  log("information", `Executing 'Functions.${name}' (Reason='${reason}', Id=${id})`);
  try {
    const response = await invokeRegistered(app.state, fn, request, (level, _category, message) =>
      log(level, message),
    );
    await store.writeOutputs(spec.outputs, response);
    const ms = Math.round(performance.now() - started);
    log("information", `Executed 'Functions.${name}' (Succeeded, Id=${id}, Duration=${ms}ms)`);
    return response;
  } catch (err) {
    const ms = Math.round(performance.now() - started);
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    log(
      "error",
      `Executed 'Functions.${name}' (Failed, Id=${id}, Duration=${ms}ms)\nResult: Failure\nException: ${detail}`,
    );
    throw err;
  }
}

async function stop(): Promise<void> {
  stopping ??= (async () => {
    await Promise.allSettled(listeners.map((l) => l.stop()));
    for (const hook of app?.state.hooks.get("appTerminate") ?? []) {
      try {
        await hook({ hookData: {}, appHookData: app?.state.appHookData ?? {} });
      } catch (err) {
        log("error", `appTerminate hook failed: ${String(err)}`);
      }
    }
    send({ type: "stopped" });
  })();
  return stopping;
}

process.on("message", (message: ToWorker) => {
  void (async () => {
    switch (message.type) {
      case "start": {
        specs = new Map(message.specs.map((s) => [s.name, s]));
        store = new QueueStore(process.env, message.settings.queues.messageEncoding);
        if (message.drainQueues) {
          for (const spec of message.specs) {
            if (spec.kind !== "queue") continue;
            const listener = new QueueListener(
              spec,
              store,
              message.settings.queues,
              (s: QueueFunctionSpec, request) =>
                runFunction(s.name, `New queue message detected on '${s.queueName}'.`, request),
              { log },
            );
            listeners.push(listener);
          }
          store.onWrite = (connection, queueName) => {
            for (const l of listeners) {
              if (l.spec.connection === connection && l.spec.queueName === queueName) l.wake();
            }
          };
          try {
            await Promise.all(listeners.map((l) => l.start()));
          } catch (err) {
            send({
              type: "failed",
              code: "HOST.APP_LOAD",
              message: `Cannot start queue listeners: ${String(err)}`,
            });
            return;
          }
        }
        send({ type: "started" });
        return;
      }
      case "invoke": {
        try {
          const response = await runFunction(message.functionName, message.reason, message.request);
          send({ type: "invoked", id: message.id, response });
        } catch (err) {
          send({ type: "invoked", id: message.id, error: err instanceof Error ? err.message : String(err) });
        }
        return;
      }
      case "stop":
        await stop();
        process.disconnect?.();
        return;
    }
  })();
});

// Ctrl-C reaches the whole process group; the host process decides when workers stop.
process.on("SIGINT", () => {});
process.on("SIGTERM", () => {});
// An orphaned worker (host killed) must not keep draining queues.
process.on("disconnect", () => {
  void stop().finally(() => process.exit(0));
});

try {
  app = await loadApp(args.appDir, (level, _category, message) => log(level, message), args.main);
  // Plain JSON so nothing unclonable crosses the process boundary.
  send({ type: "loaded", functions: JSON.parse(JSON.stringify(app.functions.map((f) => f.metadata))) });
} catch (err) {
  const code = err instanceof HostError ? err.code : "HOST.APP_LOAD";
  send({ type: "failed", code, message: err instanceof Error ? err.message : String(err) });
}
