import { describe, expect, it } from "vitest";
import { parseSettings, settingsSchema } from "../../../shared/config.js";

const valid = {
  AzureWebJobsStorage: "UseDevelopmentStorage=true",
  GRAPH_TENANT_ID: "contoso.onmicrosoft.com",
  GRAPH_CLIENT_ID: "00000000-0000-0000-0000-000000000001",
  GRAPH_CLIENT_SECRET: "s3cret",
  CADENCE_SCAN_SCHEDULE: "0 0 2 * * *",
};
const issuePath = (extra: Record<string, string>) =>
  settingsSchema.safeParse({ ...valid, ...extra }).error?.issues.map((i) => i.path.join("."));

describe("report and digest settings", () => {
  it("default to the Cadence.Admin role and a minimum group of 5, with no digest configured", () => {
    const s = parseSettings(valid);
    expect(s.CADENCE_REPORT_ADMIN_ROLE).toBe("Cadence.Admin");
    expect(s.CADENCE_REPORT_MIN_GROUP_SIZE).toBe(5);
    expect(s.CADENCE_DIGEST_WEBHOOK_URL).toBeUndefined();
    expect(s.CADENCE_DIGEST_SCHEDULE).toBeUndefined();
    expect(s.CADENCE_REPORT_URL).toBeUndefined();
  });

  it("reject what they cannot use, naming the setting", () => {
    expect(issuePath({ CADENCE_REPORT_MIN_GROUP_SIZE: "0" })).toEqual(["CADENCE_REPORT_MIN_GROUP_SIZE"]);
    expect(issuePath({ CADENCE_REPORT_MIN_GROUP_SIZE: "two" })).toEqual(["CADENCE_REPORT_MIN_GROUP_SIZE"]);
    expect(issuePath({ CADENCE_DIGEST_WEBHOOK_URL: "http://example.com/hook" })).toEqual([
      "CADENCE_DIGEST_WEBHOOK_URL",
    ]);
    expect(issuePath({ CADENCE_DIGEST_SCHEDULE: "0 8 * * 1" })).toEqual(["CADENCE_DIGEST_SCHEDULE"]);
    expect(issuePath({ CADENCE_REPORT_URL: "ftp://x/report" })).toEqual(["CADENCE_REPORT_URL"]);
  });

  it("accept a local report URL over http (the demo) and an https webhook", () => {
    const s = parseSettings({
      ...valid,
      CADENCE_REPORT_URL: "http://127.0.0.1:7071/api/report",
      CADENCE_DIGEST_WEBHOOK_URL: "https://127.0.0.1:4443/webhook/admins",
      CADENCE_DIGEST_SCHEDULE: "0 0 8 * * 1",
      CADENCE_REPORT_MIN_GROUP_SIZE: "3",
    });
    expect(s.CADENCE_REPORT_MIN_GROUP_SIZE).toBe(3);
  });
});
