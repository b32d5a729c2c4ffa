import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { HostError } from "./hostError.js";

export const localSettingsSchema = z.looseObject({
  IsEncrypted: z.boolean().optional(),
  Values: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});

/**
 * Copies local.settings.json `Values` into `env` without overriding what is already set, as `func start` does.
 * A missing file is fine; a malformed one fails start-up.
 */
export async function loadLocalSettings(appDir: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const path = join(appDir, "local.settings.json");
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return [];
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new HostError("HOST.APP_LOAD", `${path} is not valid JSON: ${(err as Error).message}`);
  }
  const result = localSettingsSchema.safeParse(parsed);
  if (!result.success) throw new HostError("HOST.APP_LOAD", `${path}: ${z.prettifyError(result.error)}`);
  if (result.data.IsEncrypted) {
    throw new HostError("HOST.APP_LOAD", `${path} is encrypted; the local host reads plain settings only`);
  }
  const applied: string[] = [];
  for (const [key, value] of Object.entries(result.data.Values ?? {})) {
    if (env[key] === undefined) {
      env[key] = String(value);
      applied.push(key);
    }
  }
  return applied;
}
