import { appVersion } from "../appVersion.js";
import { ConfigError, type Settings } from "../config.js";

export interface HealthReport {
  status: "ok" | "degraded";
  version: string;
  storage: "reachable" | "unreachable" | "unknown";
  settings: "valid" | "invalid";
  /** Setting problems without values, so a probe shows what to fix and never a secret. */
  problems: string[];
}

/** Checks what Cadence needs to work: valid settings and reachable storage. */
export async function checkHealth(ports: {
  settings: () => Settings;
  /** Whether the storage account the settings name answers. */
  probeStorage: (settings: Settings) => Promise<boolean>;
}): Promise<HealthReport> {
  const version = appVersion();
  let current: Settings;
  try {
    current = ports.settings();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    const problems = err.problems.map((p) => p.replace(/ \(got .*\)$/, ""));
    return { status: "degraded", version, storage: "unknown", settings: "invalid", problems };
  }
  const reachable = await ports.probeStorage(current);
  return {
    status: reachable ? "ok" : "degraded",
    version,
    storage: reachable ? "reachable" : "unreachable",
    settings: "valid",
    problems: [],
  };
}
