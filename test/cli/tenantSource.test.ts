import { describe, expect, it } from "vitest";
import { UsageError } from "../../cli/command.js";
import { openTenantSource } from "../../cli/tenantSource.js";

describe("openTenantSource (real Graph)", () => {
  it("checks the GRAPH_* settings by the app's own rules, listing every problem by name", async () => {
    const error = await openTenantSource(
      {},
      { GRAPH_TENANT_ID: "contoso", GRAPH_BASE_URL: "http://graph.example" },
    )
      .then(() => undefined)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    const message = (error as Error).message;
    expect(message).toContain("GRAPH_CLIENT_ID");
    expect(message).toContain("GRAPH_CLIENT_SECRET");
    expect(message).toContain("GRAPH_BASE_URL: must be an https:// URL");
    expect(message).not.toMatch(/AzureWebJobsStorage|CADENCE_/);
  });

  it("opens a gateway from valid settings without asking anything of Graph yet", async () => {
    const source = await openTenantSource(
      { now: "2026-11-25T09:00:00Z" },
      { GRAPH_TENANT_ID: "contoso", GRAPH_CLIENT_ID: "app", GRAPH_CLIENT_SECRET: "s3cret" },
    );
    expect(source.label).toBe("Microsoft Graph (contoso)");
    expect(source.now.toISOString()).toBe("2026-11-25T09:00:00.000Z");
    expect(source.gateway.stats().tokenRequests).toBe(0);
    await source.close();
  });
});
