// The settings of series proposals (issue 9): defaults and rejections.
import { describe, expect, it } from "vitest";
import { ConfigError, parseSettings } from "../../shared/config.js";

const valid = {
  AzureWebJobsStorage: "UseDevelopmentStorage=true",
  GRAPH_TENANT_ID: "contoso.onmicrosoft.com",
  GRAPH_CLIENT_ID: "00000000-0000-0000-0000-000000000001",
  GRAPH_CLIENT_SECRET: "s3cret",
  CADENCE_SCAN_SCHEDULE: "0 0 2 * * *",
};

describe("scheduling settings", () => {
  it("default to proposals the manager approves, 24 hours' notice, 14-day proposals, series without end", () => {
    expect(parseSettings(valid)).toMatchObject({
      CADENCE_SCHEDULING_MODE: "propose",
      CADENCE_MIN_NOTICE_HOURS: 24,
      CADENCE_PROPOSAL_TTL_DAYS: 14,
      CADENCE_SERIES_END: "noEnd",
    });
  });

  it("take auto mode and a numbered series end", () => {
    expect(
      parseSettings({ ...valid, CADENCE_SCHEDULING_MODE: "auto", CADENCE_SERIES_END: "26" }),
    ).toMatchObject({
      CADENCE_SCHEDULING_MODE: "auto",
      CADENCE_SERIES_END: 26,
    });
  });

  it("reject an unknown mode, a negative notice and a series end that is neither", () => {
    let error: unknown;
    try {
      parseSettings({
        ...valid,
        CADENCE_SCHEDULING_MODE: "sometimes",
        CADENCE_MIN_NOTICE_HOURS: "-1",
        CADENCE_SERIES_END: "forever",
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join("\n");
    expect(problems).toMatch(/CADENCE_SCHEDULING_MODE: must be propose or auto/);
    expect(problems).toMatch(/CADENCE_MIN_NOTICE_HOURS/);
    expect(problems).toMatch(/CADENCE_SERIES_END: must be "noEnd"/);
  });
});
