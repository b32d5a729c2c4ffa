import { describe, expect, it } from "vitest";
import { graphGatewayOptionsSchema } from "../../../shared/graph/graphGatewayOptionsSchema.js";

const minimal = { tenantId: "contoso.onmicrosoft.com", clientId: "app", clientSecret: "s3cret" };

describe("graphGatewayOptionsSchema", () => {
  it("defaults to the public cloud and 10 attempts", () => {
    const parsed = graphGatewayOptionsSchema.parse(minimal);
    expect(parsed).toMatchObject({
      authorityHost: "https://login.microsoftonline.com",
      graphBaseUrl: "https://graph.microsoft.com/v1.0",
      scope: "https://graph.microsoft.com/.default",
      maxAttempts: 10,
    });
  });

  it("needs exactly one credential", () => {
    expect(graphGatewayOptionsSchema.safeParse({ tenantId: "t", clientId: "c" }).success).toBe(false);
    expect(
      graphGatewayOptionsSchema.safeParse({ ...minimal, certificatePem: "-----BEGIN PRIVATE KEY-----" })
        .success,
    ).toBe(false);
  });

  it("refuses plain http and a base URL the SDK would split wrongly", () => {
    expect(
      graphGatewayOptionsSchema.safeParse({ ...minimal, graphBaseUrl: "http://127.0.0.1:1/v1.0" }).success,
    ).toBe(false);
    expect(
      graphGatewayOptionsSchema.safeParse({ ...minimal, graphBaseUrl: "https://h/a/v1.0" }).success,
    ).toBe(false);
    expect(
      graphGatewayOptionsSchema.safeParse({ ...minimal, graphBaseUrl: "https://127.0.0.1:9/v1.0" }).success,
    ).toBe(true);
  });
});
