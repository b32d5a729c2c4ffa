// Messages between the host process (HTTP, timers, admin) and its worker processes (app code, queue draining).
import type { FunctionSpec } from "./functionSpecs.js";
import type { HostSettings } from "./hostJson.js";
import type { FunctionMetadata, RpcInvocationRequest, RpcInvocationResponse, RpcLogLevel } from "./rpc.js";

export type ToWorker =
  | { type: "start"; specs: FunctionSpec[]; settings: HostSettings; drainQueues: boolean }
  | {
      type: "invoke";
      id: number;
      functionName: string;
      reason: string;
      request: RpcInvocationRequest & { invocationId: string };
    }
  | { type: "stop" };

export type FromWorker =
  | { type: "loaded"; functions: FunctionMetadata[] }
  | { type: "failed"; code: string; message: string }
  | { type: "started" }
  | { type: "invoked"; id: number; response?: RpcInvocationResponse; error?: string }
  | { type: "log"; level: RpcLogLevel; message: string }
  | { type: "stopped" };

export interface WorkerArgs {
  appDir: string;
  main?: string;
  workerId: number;
}
