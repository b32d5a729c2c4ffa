// host.json, the parts the local host honours; everything else the real host reads is accepted and ignored.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { HostError } from "./hostError.js";
import { parseTimeSpan } from "./timeSpan.js";

const duration = z.union([
  z.number().nonnegative(),
  z.string().transform((text, ctx) => {
    const ms = parseTimeSpan(text);
    if (ms === undefined) {
      ctx.addIssue({ code: "custom", message: `"${text}" is not a TimeSpan like "00:00:02"` });
      return z.NEVER;
    }
    return ms;
  }),
]);

export const hostJsonSchema = z.looseObject({
  version: z.literal("2.0"),
  extensions: z
    .looseObject({
      http: z.looseObject({ routePrefix: z.string().optional() }).optional(),
      queues: z
        .strictObject({
          /** Milliseconds (number) or TimeSpan; the upper bound of the empty-queue polling backoff. */
          maxPollingInterval: duration.optional(),
          /** Delay before a failed message becomes visible again. */
          visibilityTimeout: duration.optional(),
          batchSize: z.int().min(1).max(32).optional(),
          newBatchThreshold: z.int().min(0).optional(),
          maxDequeueCount: z.int().min(1).optional(),
          messageEncoding: z.enum(["base64", "none"]).optional(),
        })
        .optional(),
    })
    .optional(),
});

export interface QueueSettings {
  maxPollingIntervalMs: number;
  visibilityTimeoutMs: number;
  batchSize: number;
  newBatchThreshold: number;
  maxDequeueCount: number;
  messageEncoding: "base64" | "none";
}

export interface HostSettings {
  routePrefix: string;
  queues: QueueSettings;
}

/** The host's documented defaults for extensions.http and extensions.queues. */
export function toHostSettings(json: z.infer<typeof hostJsonSchema>): HostSettings {
  const queues = json.extensions?.queues ?? {};
  const batchSize = queues.batchSize ?? 16;
  return {
    routePrefix: (json.extensions?.http?.routePrefix ?? "api").replace(/^\/+|\/+$/g, ""),
    queues: {
      maxPollingIntervalMs: Math.max(100, queues.maxPollingInterval ?? 60_000),
      visibilityTimeoutMs: queues.visibilityTimeout ?? 0,
      batchSize,
      newBatchThreshold: queues.newBatchThreshold ?? Math.floor(batchSize / 2),
      maxDequeueCount: queues.maxDequeueCount ?? 5,
      messageEncoding: queues.messageEncoding ?? "base64",
    },
  };
}

const OVERRIDE = /^AzureFunctionsJobHost__(.+)$/i;

/**
 * App settings override host.json as on Azure: `AzureFunctionsJobHost__extensions__queues__maxDequeueCount=2`
 * sets `extensions.queues.maxDequeueCount` (names match case-insensitively; numbers and booleans are converted,
 * as the host's configuration binding does).
 */
export function applyHostJsonOverrides(json: unknown, env: Record<string, string | undefined>): unknown {
  if (typeof json !== "object" || json === null) return json;
  const root = structuredClone(json) as Record<string, unknown>;
  for (const [name, raw] of Object.entries(env)) {
    const path = OVERRIDE.exec(name)?.[1]?.split("__");
    if (!path || raw === undefined) continue;
    let node = root;
    for (const [i, segment] of path.entries()) {
      const key = Object.keys(node).find((k) => k.toLowerCase() === segment.toLowerCase()) ?? segment;
      if (i === path.length - 1) {
        node[key] = toSettingValue(raw);
        break;
      }
      const next = node[key];
      if (typeof next !== "object" || next === null) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
  }
  return root;
}

function toSettingValue(raw: string): unknown {
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  if (raw === "true" || raw === "false") return raw === "true";
  return raw;
}

export async function readHostJson(
  appDir: string,
  env: Record<string, string | undefined> = {},
): Promise<HostSettings> {
  const path = join(appDir, "host.json");
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new HostError("HOST.HOST_JSON", `Cannot read ${path}: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new HostError("HOST.HOST_JSON", `${path} is not valid JSON: ${(err as Error).message}`);
  }
  const result = hostJsonSchema.safeParse(applyHostJsonOverrides(parsed, env));
  if (!result.success) {
    throw new HostError("HOST.HOST_JSON", `${path} is invalid: ${z.prettifyError(result.error)}`);
  }
  return toHostSettings(result.data);
}
