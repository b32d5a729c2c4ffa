import { describe, expect, it } from "vitest";
import { ConfigError, parseSettings, settingsSchema } from "../../shared/config.js";

const valid = {
  AzureWebJobsStorage: "UseDevelopmentStorage=true",
  GRAPH_TENANT_ID: "contoso.onmicrosoft.com",
  GRAPH_CLIENT_ID: "00000000-0000-0000-0000-000000000001",
  GRAPH_CLIENT_SECRET: "s3cret",
  CADENCE_SCAN_SCHEDULE: "0 0 2 * * *",
};

describe("settings", () => {
  it("applies the documented defaults", () => {
    const s = parseSettings(valid);
    expect(s.GRAPH_BASE_URL).toBe("https://graph.microsoft.com/v1.0");
    expect(s.CADENCE_TARGET_DAYS).toBe(14);
    expect(s.CADENCE_FLOOR_DAYS).toBe(31);
    expect(s.CADENCE_LOOKBACK_DAYS).toBe(90);
    expect(s.CADENCE_LOOKAHEAD_DAYS).toBe(35);
    expect(s.CADENCE_SCAN_SCHEDULE).toBe("0 0 2 * * *");
    expect(s.CADENCE_FULL_RESCAN).toBe(false);
    expect(s.CADENCE_EXCLUDED_USERS).toEqual([]);
  });

  it("reports every problem at once, naming each setting", () => {
    let error: unknown;
    try {
      parseSettings({ CADENCE_TARGET_DAYS: "abc", GRAPH_BASE_URL: "http://graph.example" });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of [
      "AzureWebJobsStorage",
      "GRAPH_TENANT_ID",
      "GRAPH_CLIENT_ID",
      "GRAPH_CLIENT_SECRET",
      "GRAPH_BASE_URL",
      "CADENCE_TARGET_DAYS",
      "CADENCE_SCAN_SCHEDULE",
    ]) {
      expect(message).toContain(name);
    }
    expect((error as ConfigError).problems).toHaveLength(7);
  });

  it("never echoes a secret or connection string in the message", () => {
    try {
      parseSettings({ ...valid, AzureWebJobsStorage: "", GRAPH_CLIENT_SECRET: "", GRAPH_TENANT_ID: "" });
    } catch (err) {
      expect((err as Error).message).not.toContain("s3cret");
    }
    expect(() => parseSettings({ ...valid, GRAPH_CLIENT_SECRET: "" })).toThrow(/GRAPH_CLIENT_SECRET/);
    // A secret that is itself invalid (a client state over 128 characters) is a problem the message reports: by
    // name, never by value, while other settings' values are shown.
    const secret = "Sup3r-S3cret-0123456789-";
    let message = "";
    try {
      parseSettings({
        ...valid,
        CADENCE_NOTIFICATION_URL: "https://cadence.example/api/graph/notifications",
        CADENCE_NOTIFICATION_CLIENT_STATE: secret.repeat(6),
        CADENCE_TARGET_DAYS: "abc",
      });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain("CADENCE_NOTIFICATION_CLIENT_STATE");
    expect(message).toContain('(got "abc")');
    expect(message).not.toContain(secret);
  });

  it("accepts a certificate instead of a secret", () => {
    const { GRAPH_CLIENT_SECRET: _, ...rest } = valid;
    expect(
      settingsSchema.safeParse({ ...rest, GRAPH_CLIENT_CERTIFICATE_PATH: "/etc/cadence.pem" }).success,
    ).toBe(true);
  });

  it("runs secretless: the platform's managed identity for Graph, an identity-based storage connection", () => {
    const { GRAPH_CLIENT_SECRET: _, GRAPH_CLIENT_ID: __, AzureWebJobsStorage: ___, ...rest } = valid;
    const secretless = settingsSchema.safeParse({
      ...rest,
      IDENTITY_ENDPOINT: "http://localhost:8081/msi/token",
      AzureWebJobsStorage__accountName: "cadencestore",
      AzureWebJobsStorage__credential: "managedidentity",
    });
    expect(secretless.success).toBe(true);
    const neither = settingsSchema.safeParse(rest);
    expect(neither.error?.issues.map((i) => i.path[0])).toEqual([
      "AzureWebJobsStorage",
      "GRAPH_CLIENT_SECRET",
      "GRAPH_CLIENT_ID",
    ]);
  });

  it("rejects thresholds that do not nest (target + 3 days ≤ floor ≤ lookback)", () => {
    const late = settingsSchema.safeParse({ ...valid, CADENCE_TARGET_DAYS: "30" });
    expect(late.success).toBe(false);
    expect(late.error?.issues[0]?.path).toEqual(["CADENCE_FLOOR_DAYS"]);
    const short = settingsSchema.safeParse({ ...valid, CADENCE_LOOKBACK_DAYS: "20" });
    expect(short.error?.issues[0]?.path).toEqual(["CADENCE_LOOKBACK_DAYS"]);
  });

  it("requires a 6-field NCRONTAB scan schedule", () => {
    expect(settingsSchema.safeParse({ ...valid, CADENCE_SCAN_SCHEDULE: "0 2 * * *" }).success).toBe(false);
    expect(settingsSchema.safeParse({ ...valid, CADENCE_SCAN_SCHEDULE: "0 0 25 * * *" }).success).toBe(false);
    expect(settingsSchema.safeParse({ ...valid, CADENCE_SCAN_SCHEDULE: "0 */30 * * * 1-5" }).success).toBe(
      true,
    );
  });

  it("splits the exclusion list on commas, semicolons and spaces", () => {
    const s = parseSettings({
      ...valid,
      CADENCE_EXCLUDED_USERS: "a@contoso.com, b@contoso.com;c@contoso.com",
    });
    expect(s.CADENCE_EXCLUDED_USERS).toEqual(["a@contoso.com", "b@contoso.com", "c@contoso.com"]);
  });
});
