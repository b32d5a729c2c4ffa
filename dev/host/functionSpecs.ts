// Turns the registrations the app made into what the host serves, refusing anything it cannot honour.
import { Cron } from "croner";
import { z } from "zod";
import { HostError } from "./hostError.js";
import type { FunctionMetadata } from "./rpc.js";
import { parseTimeSpan } from "./timeSpan.js";

const common = { name: z.string(), direction: z.enum(["in", "out"]), dataType: z.string().optional() };
const deferred = { properties: z.object({ supportsDeferredBinding: z.literal("false") }).optional() };
const connection = z.string().optional();
const methods = z.array(z.string()).min(1);

export const httpTriggerSchema = z.strictObject({
  ...common,
  ...deferred,
  type: z.literal("httpTrigger"),
  authLevel: z.enum(["anonymous", "function", "admin"]).default("anonymous"),
  methods: methods.default(["GET", "POST"]),
  route: z.string().optional(),
});
export const timerTriggerSchema = z.strictObject({
  ...common,
  ...deferred,
  type: z.literal("timerTrigger"),
  schedule: z.string().min(1),
  runOnStartup: z.boolean().optional(),
  useMonitor: z.boolean().optional(),
});
export const queueTriggerSchema = z.strictObject({
  ...common,
  ...deferred,
  type: z.literal("queueTrigger"),
  queueName: z.string().min(1),
  connection,
});
export const httpOutputSchema = z.strictObject({ ...common, type: z.literal("http") });
export const queueOutputSchema = z.strictObject({
  ...common,
  type: z.literal("queue"),
  queueName: z.string().min(1),
  connection,
});

export interface QueueOutputSpec {
  /** Binding name, or "$return". */
  binding: string;
  queueName: string;
  connection: string;
}

interface SpecBase {
  name: string;
  triggerBinding: string;
  outputs: QueueOutputSpec[];
}
export interface HttpFunctionSpec extends SpecBase {
  kind: "http";
  route: string;
  methods: string[];
  authLevel: "anonymous" | "function" | "admin";
}
export interface TimerFunctionSpec extends SpecBase {
  kind: "timer";
  schedule: string;
  /** Set when the schedule is a TimeSpan ("00:05:00") rather than NCRONTAB. */
  intervalMs?: number;
  runOnStartup: boolean;
}
export interface QueueFunctionSpec extends SpecBase {
  kind: "queue";
  queueName: string;
  connection: string;
}
export type FunctionSpec = HttpFunctionSpec | TimerFunctionSpec | QueueFunctionSpec;

const QUEUE_NAME = /^(?=.{3,63}$)[a-z0-9](?:[a-z0-9]|-(?!-))*[a-z0-9]$/;

/** Resolves `%Setting%` binding expressions from app settings, as the host does. */
function resolveSettings(value: string, env: NodeJS.ProcessEnv, where: string): string {
  return value.replace(/%([^%]+)%/g, (_, key: string) => {
    const found = env[key];
    if (found === undefined) {
      throw new HostError(
        "HOST.MISSING_SETTING",
        `${where}: app setting "${key}" (from "%${key}%") is not set`,
      );
    }
    return found;
  });
}

/** The app setting holding the storage connection; the host also tries the AzureWebJobs prefix. */
function connectionSetting(name: string | undefined, env: NodeJS.ProcessEnv, where: string): string {
  const candidates = name ? [name, `AzureWebJobs${name}`] : ["AzureWebJobsStorage"];
  const found = candidates.find((c) => env[c]);
  if (!found) {
    throw new HostError(
      "HOST.MISSING_SETTING",
      `${where}: storage connection setting "${candidates[0]}" is not set (add it to local.settings.json or the environment)`,
    );
  }
  return found;
}

function queueName(raw: string, env: NodeJS.ProcessEnv, where: string): string {
  const name = resolveSettings(raw, env, where);
  if (!QUEUE_NAME.test(name)) {
    throw new HostError(
      "HOST.INVALID_BINDING",
      `${where}: "${name}" is not a valid queue name (3-63 lowercase letters, digits and single hyphens)`,
    );
  }
  return name;
}

/** Validates an NCRONTAB (5 or 6 fields, seconds first) or TimeSpan schedule; returns the interval for a TimeSpan. */
export function checkSchedule(schedule: string, where: string, timezone?: string): number | undefined {
  if (schedule.includes(":")) {
    const ms = parseTimeSpan(schedule);
    if (ms === undefined || ms <= 0) {
      throw new HostError(
        "HOST.INVALID_SCHEDULE",
        `${where}: "${schedule}" is not a valid TimeSpan schedule`,
      );
    }
    return ms;
  }
  try {
    new Cron(schedule, { paused: true, mode: "5-or-6-parts", domAndDow: true, timezone });
  } catch (err) {
    throw new HostError(
      "HOST.INVALID_SCHEDULE",
      `${where}: the schedule expression "${schedule}" was not recognized as a valid NCRONTAB or TimeSpan expression (${(err as Error).message})`,
    );
  }
  return undefined;
}

function parseBinding<T>(schema: z.ZodType<T>, binding: unknown, where: string): T {
  const result = schema.safeParse(binding);
  if (!result.success) {
    throw new HostError(
      "HOST.INVALID_BINDING",
      `${where}: ${z.prettifyError(result.error).replace(/\n/g, "; ")}`,
    );
  }
  return result.data;
}

export function toFunctionSpec(
  metadata: FunctionMetadata,
  env: NodeJS.ProcessEnv,
  timezone?: string,
): FunctionSpec {
  const fn = `Function "${metadata.name}"`;
  if (metadata.retryOptions) {
    throw new HostError("HOST.UNSUPPORTED_BINDING", `${fn}: retry policies are not supported by dev/host`);
  }
  const entries = Object.entries(metadata.bindings);
  const triggers = entries.filter(([, b]) => /trigger$/i.test(b.type ?? ""));
  const [trigger] = triggers;
  if (!trigger || triggers.length > 1) {
    throw new HostError("HOST.INVALID_BINDING", `${fn} must have exactly one trigger`);
  }
  const [triggerName, triggerBinding] = trigger;
  const outputs: QueueOutputSpec[] = [];
  let hasHttpOutput = false;
  for (const [name, binding] of entries) {
    if (name === triggerName) continue;
    const where = `${fn}, binding "${name}" (type "${binding.type}", direction "${binding.direction}")`;
    if (binding.direction === "out" && binding.type === "queue") {
      const out = parseBinding(queueOutputSchema, binding, where);
      outputs.push({
        binding: name,
        queueName: queueName(out.queueName, env, where),
        connection: connectionSetting(out.connection, env, where),
      });
    } else if (binding.direction === "out" && binding.type === "http") {
      parseBinding(httpOutputSchema, binding, where);
      hasHttpOutput = true;
    } else {
      throw new HostError("HOST.UNSUPPORTED_BINDING", `${where} is not supported by dev/host`);
    }
  }
  const where = `${fn}, trigger "${triggerName}" (type "${triggerBinding.type}")`;
  if (hasHttpOutput && triggerBinding.type !== "httpTrigger") {
    throw new HostError("HOST.INVALID_BINDING", `${fn}: an http output binding needs an HTTP trigger`);
  }
  const base = { name: metadata.name, triggerBinding: triggerName, outputs };
  switch (triggerBinding.type) {
    case "httpTrigger": {
      const t = parseBinding(httpTriggerSchema, triggerBinding, where);
      if (!hasHttpOutput) {
        throw new HostError("HOST.INVALID_BINDING", `${fn}: an HTTP trigger needs an http output binding`);
      }
      return {
        ...base,
        kind: "http",
        route: resolveSettings(t.route ?? metadata.name, env, where),
        methods: t.methods.map((m) => m.toUpperCase()),
        authLevel: t.authLevel,
      };
    }
    case "timerTrigger": {
      const t = parseBinding(timerTriggerSchema, triggerBinding, where);
      const schedule = resolveSettings(t.schedule, env, where);
      const intervalMs = checkSchedule(schedule, where, timezone);
      return { ...base, kind: "timer", schedule, intervalMs, runOnStartup: t.runOnStartup ?? false };
    }
    case "queueTrigger": {
      const t = parseBinding(queueTriggerSchema, triggerBinding, where);
      return {
        ...base,
        kind: "queue",
        queueName: queueName(t.queueName, env, where),
        connection: connectionSetting(t.connection, env, where),
      };
    }
    default:
      throw new HostError("HOST.UNSUPPORTED_BINDING", `${where} is not supported by dev/host`);
  }
}
