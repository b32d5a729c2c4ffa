// The manager digest timer in dev/host: its schedule comes from CADENCE_MANAGER_DIGEST_SCHEDULE when set, and an app without the
// setting still loads (Mondays 08:00 UTC) instead of failing on an unresolved %CADENCE_MANAGER_DIGEST_SCHEDULE%.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { startHost } from "../../dev/host/startHost.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const BASE_ENV = {
  AzureWebJobsStorage: "UseDevelopmentStorage=true",
  GRAPH_TENANT_ID: "contoso.onmicrosoft.com",
  GRAPH_CLIENT_ID: "11111111-2222-3333-4444-555555555555",
  GRAPH_CLIENT_SECRET: "secret",
  CADENCE_SCAN_SCHEDULE: "0 0 2 * * *",
  CADENCE_HOST_MASTER_KEY: "agenda-master-key",
};

async function scheduleWith(env: Record<string, string>): Promise<unknown> {
  const host = await startHost({
    appDir: repoRoot,
    main: "functions/sendManagerDigests.ts",
    port: 0,
    log: () => {},
    env: { ...BASE_ENV, ...env },
  });
  try {
    return host.functions.find((f) => f.name === "sendManagerDigests");
  } finally {
    await host.close();
  }
}

describe("sendManagerDigests timer", () => {
  it("runs on CADENCE_MANAGER_DIGEST_SCHEDULE when set, Mondays at 08:00 UTC when not", async () => {
    expect(await scheduleWith({ CADENCE_MANAGER_DIGEST_SCHEDULE: "0 0 9 * * 5" })).toMatchObject({
      kind: "timer",
      schedule: "0 0 9 * * 5",
    });
    expect(await scheduleWith({})).toMatchObject({ kind: "timer", schedule: "0 0 8 * * 1" });
  }, 60_000);
});
