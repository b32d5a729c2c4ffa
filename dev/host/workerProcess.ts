// The host side of one worker process: fork, handshake, request/response over IPC, orderly stop.
import { type ChildProcess, fork } from "node:child_process";
import { existsSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { FunctionSpec } from "./functionSpecs.js";
import { HostError, type HostErrorCode } from "./hostError.js";
import type { HostSettings } from "./hostJson.js";
import type { FunctionMetadata, RpcInvocationRequest, RpcInvocationResponse, RpcLogLevel } from "./rpc.js";
import type { FromWorker, ToWorker, WorkerArgs } from "./workerProtocol.js";

export type WorkerLog = (workerId: number, level: RpcLogLevel, message: string) => void;

const STOP_GRACE_MS = 10_000;

/** Compiled runs fork worker.js; source runs (tests) fork worker.ts through the TypeScript loader hooks. */
function workerEntry(): { entry: string; execArgv: string[] } {
  const js = fileURLToPath(new URL("./worker.js", import.meta.url));
  if (import.meta.url.endsWith(".js") && existsSync(js)) return { entry: js, execArgv: [] };
  const loader = pathToFileURL(fileURLToPath(new URL("./tsLoader.mjs", import.meta.url))).href;
  const register = `import{register}from"node:module";register(${JSON.stringify(loader)});`;
  return {
    entry: fileURLToPath(new URL("./worker.ts", import.meta.url)),
    execArgv: ["--import", `data:text/javascript,${encodeURIComponent(register)}`],
  };
}

export class WorkerProcess {
  readonly #child: ChildProcess;
  readonly #pending = new Map<
    number,
    { resolve: (r: RpcInvocationResponse) => void; reject: (e: Error) => void }
  >();
  #nextId = 1;
  #exited: Promise<number | null>;
  #waiters: ((message: FromWorker) => boolean)[] = [];
  #exitedCode: number | null | undefined;
  #loaded: Promise<Extract<FromWorker, { type: "loaded" }>>;

  constructor(
    readonly workerId: number,
    args: Omit<WorkerArgs, "workerId">,
    env: NodeJS.ProcessEnv,
    private readonly log: WorkerLog,
    onExit?: (code: number | null) => void,
  ) {
    const { entry, execArgv } = workerEntry();
    this.#child = fork(entry, [], {
      env: { ...env, CADENCE_HOST_WORKER: JSON.stringify({ ...args, workerId }) },
      execArgv,
      serialization: "advanced",
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    for (const [stream, level] of [
      [this.#child.stdout, "information"],
      [this.#child.stderr, "error"],
    ] as const) {
      if (stream) createInterface({ input: stream }).on("line", (line) => this.log(workerId, level, line));
    }
    this.#child.on("message", (message: FromWorker) => this.#onMessage(message));
    this.#exited = new Promise((resolve) => {
      this.#child.once("exit", (code) => {
        this.#exitedCode = code;
        for (const { reject } of this.#pending.values()) {
          reject(new HostError("HOST.WORKER_EXITED", `Worker ${workerId} exited (code ${code})`));
        }
        this.#pending.clear();
        for (const waiter of this.#waiters.splice(0))
          waiter({
            type: "failed",
            code: "HOST.WORKER_EXITED",
            message: `Worker ${workerId} exited (code ${code}) before answering`,
          });
        resolve(code);
        onExit?.(code);
      });
    });
    // Registered now so an early answer is not missed; observed by loaded().
    this.#loaded = this.#await("loaded");
    this.#loaded.catch(() => {});
  }

  /** False once the process has exited, expectedly or not. */
  get running(): boolean {
    return this.#exitedCode === undefined;
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  #onMessage(message: FromWorker): void {
    if (message.type === "log") {
      this.log(this.workerId, message.level, message.message);
      return;
    }
    if (message.type === "invoked") {
      const pending = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      if (message.error !== undefined) pending?.reject(new Error(message.error));
      else pending?.resolve(message.response ?? {});
      return;
    }
    this.#waiters = this.#waiters.filter((waiter) => !waiter(message));
  }

  #send(message: ToWorker): void {
    if (!this.#child.connected)
      throw new HostError("HOST.WORKER_EXITED", `Worker ${this.workerId} is not running`);
    this.#child.send(message);
  }

  #await<T extends FromWorker["type"]>(...types: T[]): Promise<Extract<FromWorker, { type: T }>> {
    if (this.#exitedCode !== undefined) {
      return Promise.reject(new HostError("HOST.WORKER_EXITED", `Worker ${this.workerId} has exited`));
    }
    return new Promise((resolve, reject) => {
      this.#waiters.push((message) => {
        if (message.type === "failed") {
          reject(new HostError(message.code as HostErrorCode, message.message));
          return true;
        }
        if ((types as string[]).includes(message.type)) {
          resolve(message as Extract<FromWorker, { type: T }>);
          return true;
        }
        return false;
      });
    });
  }

  async loaded(): Promise<FunctionMetadata[]> {
    return (await this.#loaded).functions;
  }

  async start(specs: FunctionSpec[], settings: HostSettings, drainQueues: boolean): Promise<void> {
    const started = this.#await("started");
    this.#send({ type: "start", specs, settings, drainQueues });
    await started;
  }

  invoke(
    functionName: string,
    reason: string,
    request: RpcInvocationRequest & { invocationId: string },
  ): Promise<RpcInvocationResponse> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      try {
        this.#send({ type: "invoke", id, functionName, reason, request });
      } catch (err) {
        this.#pending.delete(id);
        reject(err as Error);
      }
    });
  }

  /** Asks the worker to finish in-flight work and exit; kills it if it does not within the grace period. */
  async stop(): Promise<void> {
    if (this.#exitedCode !== undefined) return;
    try {
      this.#send({ type: "stop" });
    } catch {
      // Already disconnected: only the exit remains to wait for.
    }
    const timer = setTimeout(() => this.#child.kill("SIGKILL"), STOP_GRACE_MS);
    await this.#exited;
    clearTimeout(timer);
  }

  kill(): Promise<number | null> {
    if (this.#exitedCode === undefined) this.#child.kill("SIGKILL");
    return this.#exited;
  }
}
