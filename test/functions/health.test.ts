import { HttpRequest, InvocationContext } from "@azure/functions";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { health } from "../../functions/health.js";

describe("GET /api/health", () => {
  beforeAll(() => {
    Object.assign(process.env, {
      AzureWebJobsStorage: inject("azuriteConnectionString"),
      GRAPH_TENANT_ID: "contoso.onmicrosoft.com",
      GRAPH_CLIENT_ID: "client",
      GRAPH_CLIENT_SECRET: "secret",
      CADENCE_SCAN_SCHEDULE: "0 0 2 * * *",
    });
  });

  it("answers 200 with the version when storage is reachable", async () => {
    const response = await health(
      new HttpRequest({ method: "GET", url: "http://127.0.0.1:7071/api/health" }),
      new InvocationContext({ functionName: "health" }),
    );
    expect(response.status).toBe(200);
    expect(response.jsonBody).toMatchObject({ status: "ok", storage: "reachable", settings: "valid" });
    expect(response.headers).toMatchObject({ "cache-control": "no-store" });
  });
});
