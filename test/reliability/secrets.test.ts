// Issue #11, "Secrets and privacy", for what the demo run (privacy.test.ts) does not go through: the one place Cadence
// echoes setting values into a log line (the list of invalid settings, logged and shown by health) never echoes a
// secret, whatever the setting's name says; and the errors of failed Graph calls, which the functions log, carry
// no credential.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Identity } from "../../dev/sim/core/identity.js";
import { type Simulator, startSimulator } from "../../dev/sim/server.js";
import { simulatorGateway } from "../../dev/sim/simulatorGateway.js";
import { ConfigError, parseSettings } from "../../shared/config.js";
import { smallTenant } from "../shared/graph/smallTenant.js";

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

/** Everything a log line could print of an error: message, stack, own fields, its causes. */
function everything(err: unknown, depth = 0): string {
  if (!(err instanceof Error) || depth > 5) return String(err);
  const fields = Object.getOwnPropertyNames(err).map((k) => {
    const v = (err as unknown as Record<string, unknown>)[k];
    try {
      return `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`;
    } catch {
      return `${k}=${String(v)}`;
    }
  });
  return [String(err), err.stack ?? "", ...fields, everything(err.cause, depth + 1)].join("\n");
}

describe("Graph failures are reported without credentials", () => {
  let sim: Simulator;
  const issued: string[] = [];
  let undo: () => void;
  beforeAll(async () => {
    const original = Identity.prototype.issueToken;
    Identity.prototype.issueToken = async function (this: Identity, ...args) {
      const token = await original.apply(this, args);
      issued.push(token);
      return token;
    };
    undo = () => {
      Identity.prototype.issueToken = original;
    };
    sim = await startSimulator({ fixture: smallTenant(2), port: 0 });
  });
  afterAll(async () => {
    undo();
    await sim?.close();
  });

  it("a refused client secret is not in the error", async () => {
    const wrong = "WRONG~0123456789abcdefSECRET";
    const gateway = simulatorGateway({ ...sim, clientSecret: wrong }, { maxAttempts: 1 });
    const err = await gateway.get("/users?$top=1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    const text = everything(err);
    expect(text).toMatch(/AADSTS7000215|invalid_client|secret/i);
    expect(text).not.toContain(wrong);
    expect(text).not.toContain(sim.clientSecret);
  });

  it("a Graph error answered to a valid token carries neither the token nor the secret", async () => {
    const gateway = simulatorGateway(sim, { maxAttempts: 1 });
    const err = await gateway.get("/users/nobody@contoso.example/events").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(issued.length).toBeGreaterThan(0);
    const text = everything(err);
    expect(text).toMatch(/404|ErrorItemNotFound|ResourceNotFound|not found/i);
    for (const token of issued) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(token.split(".")[2]!);
    }
    expect(text).not.toContain(sim.clientSecret);
  });
});
