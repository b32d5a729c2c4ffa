// The settings of incremental scans (issue 4): defaults and rejections.
import { describe, expect, it } from "vitest";
import { ConfigError, parseSettings, settingsSchema } from "../../shared/config.js";

const valid = {
  AzureWebJobsStorage: "UseDevelopmentStorage=true",
  GRAPH_TENANT_ID: "contoso.onmicrosoft.com",
  GRAPH_CLIENT_ID: "00000000-0000-0000-0000-000000000001",
  GRAPH_CLIENT_SECRET: "s3cret",
  CADENCE_SCAN_SCHEDULE: "0 0 2 * * *",
};
const url = "https://cadence.example.com/api/graph/notifications";
const secret = "0123456789abcdef-secret";

describe("incremental scan settings", () => {
  it("default to full scans with a 28-day refresh margin", () => {
    const s = parseSettings(valid);
    expect(s.CADENCE_NOTIFICATION_URL).toBeUndefined();
    expect(s.CADENCE_REFRESH_MARGIN_DAYS).toBe(28);
  });

  it("take an https URL with its client state; http only for a loopback simulator", () => {
    expect(
      settingsSchema.safeParse({
        ...valid,
        CADENCE_NOTIFICATION_URL: url,
        CADENCE_NOTIFICATION_CLIENT_STATE: secret,
      }).success,
    ).toBe(true);
    const local = { ...valid, CADENCE_NOTIFICATION_CLIENT_STATE: secret };
    expect(
      settingsSchema.safeParse({
        ...local,
        CADENCE_NOTIFICATION_URL: "http://127.0.0.1:7071/api/graph/notifications",
      }).success,
    ).toBe(true);
    expect(
      settingsSchema.safeParse({
        ...local,
        CADENCE_NOTIFICATION_URL: "http://cadence.example.com/api/graph/notifications",
      }).success,
    ).toBe(false);
    expect(
      settingsSchema.safeParse({ ...local, CADENCE_NOTIFICATION_URL: "http://127.0.0.1.evil.example/x" })
        .success,
    ).toBe(false);
  });

  it("need the URL and the client state together, and a client state of 16 to 128 characters", () => {
    expect(() => parseSettings({ ...valid, CADENCE_NOTIFICATION_URL: url })).toThrow(
      /CADENCE_NOTIFICATION_CLIENT_STATE: required/,
    );
    expect(() => parseSettings({ ...valid, CADENCE_NOTIFICATION_CLIENT_STATE: secret })).toThrow(
      /CADENCE_NOTIFICATION_URL: required/,
    );
    for (const bad of ["short", "x".repeat(129)]) {
      const r = settingsSchema.safeParse({
        ...valid,
        CADENCE_NOTIFICATION_URL: url,
        CADENCE_NOTIFICATION_CLIENT_STATE: bad,
      });
      expect(r.success).toBe(false);
    }
  });

  it("bound the refresh margin to 0–365 days", () => {
    expect(parseSettings({ ...valid, CADENCE_REFRESH_MARGIN_DAYS: "0" }).CADENCE_REFRESH_MARGIN_DAYS).toBe(0);
    expect(() => parseSettings({ ...valid, CADENCE_REFRESH_MARGIN_DAYS: "400" })).toThrow(ConfigError);
  });
});
