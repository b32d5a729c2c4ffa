// One invocation through the app's own programming model, in the worker's order:
// getArguments → preInvocation hooks → invokeFunction → postInvocation hooks → getResponse.
import type { CoreApiState, RegisteredFunction } from "./coreApi.js";
import type {
  CoreInvocationContext,
  HookData,
  RpcInvocationRequest,
  RpcInvocationResponse,
  RpcLogCategory,
  RpcLogLevel,
} from "./rpc.js";

async function runHooks(state: CoreApiState, name: string, context: unknown): Promise<void> {
  for (const hook of state.hooks.get(name) ?? []) await hook(context);
}

export async function invokeRegistered(
  state: CoreApiState,
  fn: RegisteredFunction,
  request: RpcInvocationRequest & { invocationId: string },
  log: (level: RpcLogLevel, category: RpcLogCategory, message: string) => void,
): Promise<RpcInvocationResponse> {
  const model = state.programmingModel;
  if (!model) throw new Error("No programming model was set by the app");
  const coreCtx: CoreInvocationContext = {
    invocationId: request.invocationId,
    request,
    metadata: fn.metadata,
    log,
  };
  const invocation = model.getInvocationModel(coreCtx);
  const args = await invocation.getArguments();
  const context = args.context;
  let inputs = args.inputs;
  const hookData: HookData = {};
  const pre = {
    hookData,
    appHookData: state.appHookData,
    invocationContext: context,
    functionCallback: fn.callback,
    inputs,
  };
  coreCtx.state = "preInvocationHooks";
  try {
    await runHooks(state, "preInvocation", pre);
  } finally {
    coreCtx.state = undefined;
  }
  inputs = pre.inputs;
  const post = {
    hookData,
    appHookData: state.appHookData,
    invocationContext: context,
    inputs,
    result: null as unknown,
    error: null as unknown,
  };
  coreCtx.state = "invocation";
  try {
    post.result = await invocation.invokeFunction(context, inputs, pre.functionCallback);
  } catch (err) {
    post.error = err;
  } finally {
    coreCtx.state = undefined;
  }
  coreCtx.state = "postInvocationHooks";
  try {
    await runHooks(state, "postInvocation", post);
  } finally {
    coreCtx.state = undefined;
  }
  if (post.error) throw post.error;
  return invocation.getResponse(context, post.result);
}
