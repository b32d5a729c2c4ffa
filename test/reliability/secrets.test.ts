// Issue #11, "Secrets and privacy": the one place Cadence echoes setting values into a log line (the list of invalid
// settings, logged and shown by health) never echoes a secret, whatever the setting's name says.
import { describe, expect, it } from "vitest";
import { ConfigError, parseSettings } from "../../shared/config.js";

const valid = {
  GRAPH_TENANT_ID: "contoso.onmicrosoft.com",
  GRAPH_CLIENT_ID: "11111111-1111-1111-1111-111111111111",
  GRAPH_CLIENT_SECRET: "s3cret~value",
  CADENCE_SCAN_SCHEDULE: "0 0 2 * * *",
  AzureWebJobsStorage: "UseDevelopmentStorage=true",
};

function problemsOf(env: Record<string, string>): string {
  try {
    parseSettings({ ...valid, ...env });
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error("the settings were accepted");
}

describe("invalid settings are reported without their secrets", () => {
  it("shows an ordinary bad value, so the hiding below is not just silence", () => {
    expect(problemsOf({ CADENCE_TARGET_DAYS: "fortnight" })).toContain('(got "fortnight")');
  });

  it.each([
    [
      "a Workflows webhook URL (its sig)",
      "CADENCE_DIGEST_WEBHOOK_URL",
      "http://prod.westeurope.logic.azure.com/workflows/1/triggers/manual/paths/invoke?api-version=2016-06-01&sig=SIG-0123456789abcdef",
    ],
    ["the notification client state", "CADENCE_NOTIFICATION_CLIENT_STATE", "short-STATE"],
  ])("hides %s", (_, name, value) => {
    const message = problemsOf({ [name]: value });
    expect(message).toContain(name);
    expect(message).not.toMatch(/SIG-0123|short-STATE/);
  });

  it("shows a bad URL without its query, where a function key may be", () => {
    const message = problemsOf({
      CADENCE_NOTIFICATION_URL: "ftp://cadence.example/api/graph/notifications?code=FUNCTION-KEY-42",
      CADENCE_NOTIFICATION_CLIENT_STATE: "a-client-state-of-24-chars",
    });
    expect(message).toContain('(got "ftp://cadence.example/api/graph/notifications?…")');
    expect(message).not.toContain("FUNCTION-KEY-42");
    expect(message).not.toContain("a-client-state-of-24-chars");
  });
});
