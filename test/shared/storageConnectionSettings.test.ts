import { describe, expect, it } from "vitest";
import { storageConnectionSettings } from "../../shared/storageConnectionSettings.js";

describe("storageConnectionSettings", () => {
  it("keeps a connection string (Azurite, local runs)", () => {
    expect(storageConnectionSettings({ AzureWebJobsStorage: "UseDevelopmentStorage=true" })).toEqual({
      ok: true,
      value: { kind: "connectionString", connectionString: "UseDevelopmentStorage=true" },
    });
  });

  it("derives the service URLs from the account name, as the Functions host does", () => {
    expect(
      storageConnectionSettings({
        AzureWebJobsStorage__accountName: "cadencestore",
        AzureWebJobsStorage__credential: "managedidentity",
        AzureWebJobsStorage__clientId: "c1",
      }),
    ).toEqual({
      ok: true,
      value: {
        kind: "identity",
        tableServiceUrl: "https://cadencestore.table.core.windows.net",
        queueServiceUrl: "https://cadencestore.queue.core.windows.net",
        clientId: "c1",
      },
    });
  });

  it("takes explicit service URIs (sovereign clouds) and needs both", () => {
    const both = storageConnectionSettings({
      AzureWebJobsStorage__tableServiceUri: "https://a.table.core.chinacloudapi.cn",
      AzureWebJobsStorage__queueServiceUri: "https://a.queue.core.chinacloudapi.cn",
    });
    expect(both.ok && both.value).toMatchObject({ tableServiceUrl: "https://a.table.core.chinacloudapi.cn" });
    expect(
      storageConnectionSettings({ AzureWebJobsStorage__tableServiceUri: "https://a.table.core.windows.net" }),
    ).toMatchObject({ ok: false, setting: "AzureWebJobsStorage__queueServiceUri" });
  });

  it("refuses no connection, both kinds at once, plain http and an unknown credential", () => {
    expect(storageConnectionSettings({})).toMatchObject({ ok: false, setting: "AzureWebJobsStorage" });
    expect(
      storageConnectionSettings({
        AzureWebJobsStorage: "UseDevelopmentStorage=true",
        AzureWebJobsStorage__accountName: "a",
      }),
    ).toMatchObject({ ok: false, setting: "AzureWebJobsStorage" });
    expect(
      storageConnectionSettings({
        AzureWebJobsStorage__tableServiceUri: "http://a.table.core.windows.net",
        AzureWebJobsStorage__queueServiceUri: "https://a.queue.core.windows.net",
      }),
    ).toMatchObject({ ok: false, setting: "AzureWebJobsStorage__tableServiceUri" });
    expect(
      storageConnectionSettings({
        AzureWebJobsStorage__accountName: "a",
        AzureWebJobsStorage__credential: "key",
      }),
    ).toMatchObject({ ok: false, setting: "AzureWebJobsStorage__credential" });
  });
});
