// The Teams bot's settings (issue 10) in shared/config.ts.
import { describe, expect, it } from "vitest";
import { ConfigError, parseSettings } from "../../shared/config.js";

const base = {
  AzureWebJobsStorage: "UseDevelopmentStorage=true",
  GRAPH_TENANT_ID: "contoso.onmicrosoft.com",
  GRAPH_CLIENT_ID: "client",
  GRAPH_CLIENT_SECRET: "secret",
  CADENCE_SCAN_SCHEDULE: "0 0 2 * * *",
};

describe("bot settings", () => {
  it("default to Teams' public cloud endpoints", () => {
    const s = parseSettings(base);
    expect(s.CADENCE_BOT_SERVICE_URL).toBe("https://smba.trafficmanager.net/teams/");
    expect(s.CADENCE_BOT_OPENID_METADATA_URL).toBe(
      "https://login.botframework.com/v1/.well-known/openidconfiguration",
    );
    expect(s.CADENCE_BOT_ISSUER).toBe("https://api.botframework.com");
    expect(s.CADENCE_TEAMS_APP_ID).toBeUndefined();
  });

  it("need the bot's secret with a bot app id of its own", () => {
    const err = (() => {
      try {
        parseSettings({ ...base, CADENCE_BOT_APP_ID: "bot" });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems.join("\n")).toContain("CADENCE_BOT_APP_SECRET");
    expect(() =>
      parseSettings({ ...base, CADENCE_BOT_APP_ID: "bot", CADENCE_BOT_APP_SECRET: "s" }),
    ).not.toThrow();
  });

  it("refuse a service URL that is not https", () => {
    expect(() => parseSettings({ ...base, CADENCE_BOT_SERVICE_URL: "http://smba.example/" })).toThrow(
      /CADENCE_BOT_SERVICE_URL/,
    );
  });
});
