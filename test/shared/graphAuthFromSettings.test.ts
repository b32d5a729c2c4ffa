import { describe, expect, it } from "vitest";
import { graphAuthFromSettings } from "../../shared/graphAuthFromSettings.js";

const APP = { GRAPH_CLIENT_ID: "00000000-0000-0000-0000-000000000001" };

describe("graphAuthFromSettings", () => {
  it("keeps a configured secret or certificate (the certificate when both are set)", () => {
    expect(graphAuthFromSettings({ ...APP, GRAPH_CLIENT_SECRET: "s" }).kind).toBe("secret");
    expect(graphAuthFromSettings({ ...APP, GRAPH_CLIENT_CERTIFICATE_PATH: "/c.pem" }).kind).toBe(
      "certificate",
    );
    expect(
      graphAuthFromSettings({ ...APP, GRAPH_CLIENT_SECRET: "s", GRAPH_CLIENT_CERTIFICATE_PATH: "/c.pem" })
        .kind,
    ).toBe("certificate");
    // A secret wins over the platform's identity: it was configured on purpose.
    expect(
      graphAuthFromSettings({
        ...APP,
        GRAPH_CLIENT_SECRET: "s",
        IDENTITY_ENDPOINT: "http://localhost:8081/msi/token",
      }).kind,
    ).toBe("secret");
  });

  it("uses the platform's identity when no secret is set: workload identity's token file, else App Service's", () => {
    expect(graphAuthFromSettings({ IDENTITY_ENDPOINT: "http://localhost:8081/msi/token" })).toEqual({
      kind: "managedIdentity",
      problems: [],
    });
    expect(
      graphAuthFromSettings({
        ...APP,
        AZURE_FEDERATED_TOKEN_FILE: "/var/run/secrets/azure/tokens/azure-identity-token",
        IDENTITY_ENDPOINT: "http://localhost:8081/msi/token",
      }).kind,
    ).toBe("workloadIdentity");
  });

  it("fails with the settings to set when there is no way to get a token", () => {
    const none = graphAuthFromSettings(APP);
    expect(none.kind).toBeUndefined();
    expect(none.problems).toEqual([
      { setting: "GRAPH_CLIENT_SECRET", message: expect.stringContaining("GRAPH_AUTH=managedIdentity") },
    ]);
  });

  it("checks an explicit GRAPH_AUTH against what it needs", () => {
    expect(graphAuthFromSettings({ ...APP, GRAPH_AUTH: "secret" }).problems.map((p) => p.setting)).toEqual([
      "GRAPH_CLIENT_SECRET",
    ]);
    expect(graphAuthFromSettings({ GRAPH_AUTH: "managedIdentity" }).problems.map((p) => p.setting)).toEqual([
      "IDENTITY_ENDPOINT",
    ]);
    expect(
      graphAuthFromSettings({
        GRAPH_AUTH: "workloadIdentity",
        AZURE_FEDERATED_TOKEN_FILE: "/t",
      }).problems.map((p) => p.setting),
    ).toEqual(["GRAPH_CLIENT_ID"]);
  });

  it("refuses a secret left next to an identity, which would sit unused", () => {
    const leftover = graphAuthFromSettings({
      ...APP,
      GRAPH_AUTH: "managedIdentity",
      IDENTITY_ENDPOINT: "http://localhost:8081/msi/token",
      GRAPH_CLIENT_SECRET: "s",
    });
    expect(leftover.kind).toBeUndefined();
    expect(leftover.problems).toEqual([
      { setting: "GRAPH_CLIENT_SECRET", message: expect.stringContaining("remove it") },
    ]);
  });

  it("needs the app's client id except for a managed identity (where it names a user-assigned one)", () => {
    expect(graphAuthFromSettings({ GRAPH_CLIENT_SECRET: "s" }).problems.map((p) => p.setting)).toEqual([
      "GRAPH_CLIENT_ID",
    ]);
    expect(graphAuthFromSettings({ IDENTITY_ENDPOINT: "http://x/msi" }).problems).toEqual([]);
  });
});
