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

  it("takes a managed identity without a secret (and without a client id: system-assigned)", () => {
    const parsed = graphGatewayOptionsSchema.safeParse({ tenantId: "t", credential: "managedIdentity" });
    expect(parsed.success && parsed.data.credential).toBe("managedIdentity");
    expect(graphGatewayOptionsSchema.parse(minimal).credential).toBe("secret");
  });

  it("refuses a secret next to an identity, and workload identity without its token file", () => {
    const leftover = graphGatewayOptionsSchema.safeParse({ ...minimal, credential: "managedIdentity" });
    expect(leftover.error?.issues[0]?.path).toEqual(["credential"]);
    const noFile = graphGatewayOptionsSchema.safeParse({
      tenantId: "t",
      clientId: "c",
      credential: "workloadIdentity",
    });
    expect(noFile.error?.issues[0]?.path).toEqual(["federatedTokenFile"]);
    const noClient = graphGatewayOptionsSchema.safeParse({ tenantId: "t", clientSecret: "s" });
    expect(noClient.error?.issues[0]?.path).toEqual(["clientId"]);
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
