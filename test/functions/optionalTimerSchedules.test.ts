// The card timers in dev/host: each runs on its schedule setting when set, and an app without the setting still
// loads on the default instead of failing on an unresolved %SETTING% (functions/scheduleFromSetting.ts).
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

async function registration(name: string, env: Record<string, string>): Promise<unknown> {
  const host = await startHost({
    appDir: repoRoot,
    main: `functions/${name}.ts`,
    port: 0,
    log: () => {},
    env: { ...BASE_ENV, ...env },
  });
  try {
    return host.functions.find((f) => f.name === name);
  } finally {
    await host.close();
  }
}

describe.each([
  { name: "sendAgendas", setting: "CADENCE_AGENDA_SCHEDULE", fallback: "0 */15 * * * *" },
  { name: "sendProposalCards", setting: "CADENCE_AGENDA_SCHEDULE", fallback: "0 */15 * * * *" },
  { name: "sendManagerDigests", setting: "CADENCE_MANAGER_DIGEST_SCHEDULE", fallback: "0 0 8 * * 1" },
])("$name timer", ({ name, setting, fallback }) => {
  it(`runs on ${setting} when set, on ${fallback} when not`, async () => {
    expect(await registration(name, { [setting]: "0 0 9 * * 5" })).toMatchObject({
      kind: "timer",
      schedule: "0 0 9 * * 5",
    });
    expect(await registration(name, {})).toMatchObject({ kind: "timer", schedule: fallback });
  }, 60_000);
});
