import { describe, expect, it } from "vitest";
import { parseSettings } from "../../../shared/config.js";
import { checkHealth } from "../../../shared/usecases/checkHealth.js";

const good = () =>
  parseSettings({
    AzureWebJobsStorage: "UseDevelopmentStorage=true",
    GRAPH_TENANT_ID: "t",
    GRAPH_CLIENT_ID: "c",
    GRAPH_CLIENT_SECRET: "s",
    CADENCE_SCAN_SCHEDULE: "0 0 2 * * *",
  });

describe("checkHealth", () => {
  it("is ok when settings are valid and storage answers", async () => {
    const r = await checkHealth({ settings: good, probeStorage: async () => true });
    expect(r).toMatchObject({ status: "ok", storage: "reachable", settings: "valid" });
    expect(r.version).toMatch(/^\d+\.\d+\.\d+/);
  });
  it("is degraded when storage does not answer", async () => {
    const r = await checkHealth({ settings: good, probeStorage: async () => false });
    expect(r).toMatchObject({ status: "degraded", storage: "unreachable" });
  });
  it("names invalid settings without their values", async () => {
    const r = await checkHealth({
      settings: () =>
        parseSettings({ GRAPH_TENANT_ID: "t", GRAPH_CLIENT_ID: "c", GRAPH_CLIENT_SECRET: "hunter2" }),
      probeStorage: async () => true,
    });
    expect(r.settings).toBe("invalid");
    expect(r.problems.join("\n")).toContain("AzureWebJobsStorage");
    expect(JSON.stringify(r)).not.toContain("hunter2");
  });
});
