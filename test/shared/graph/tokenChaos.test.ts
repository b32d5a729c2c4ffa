// The token endpoint misbehaving (seeded by the simulator's profile, applyTo token): msal's client-credentials
// requests are asked again after a 429, a 5xx or a lost answer, and give up with GRAPH.UNAVAILABLE, never with a
// misleading "check your secret".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../../dev/sim/server.js";
import { AppError } from "../../../shared/errors.js";
import { createAppTokenProvider } from "../../../shared/graph/createAppTokenProvider.js";
import { createHttpsFetch } from "../../../shared/graph/createHttpsFetch.js";
import { STAND_IN_FIXTURE, standInRoutes } from "../../helpers/standInTenant.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ fixture: STAND_IN_FIXTURE, areas: [], routes: standInRoutes });
});
afterAll(() => sim?.close());

/** A fresh provider (an empty msal cache), so each one asks the token endpoint. */
const provider = (clientSecret = sim.clientSecret, retryDelaysMs = [1, 1, 1, 1, 1]) =>
  createAppTokenProvider({
    tenantId: sim.tenantId,
    clientId: sim.clientId,
    clientSecret,
    authorityHost: sim.urls.login,
    scope: "https://graph.microsoft.com/.default",
    fetch: createHttpsFetch({ caPem: sim.caPem, timeoutMs: 2000 }),
    retryDelaysMs,
  });

const tokenPosts = () => sim.requests().filter((r) => r.kind === "token" && r.method === "POST");

describe("token endpoint chaos", () => {
  // msal will not ask again before a 429/503's Retry-After (whole seconds at the token endpoint) has passed.
  const afterRetryAfter = [1100, 1100, 1100, 1100, 1100];
  for (const [kind, profile, delays] of [
    ["429", { throttleRate: 0.5, retryAfterSeconds: 1 }, afterRetryAfter],
    ["503", { faults: { status503: 0.5 } }, afterRetryAfter],
    ["reset", { faults: { reset: 0.5 } }, undefined],
    ["timeout", { faults: { timeout: 0.5 }, slowResponseMs: 10_000 }, undefined],
    ["truncated", { faults: { truncated: 0.5 } }, undefined],
    ["malformed", { faults: { malformed: 0.5 } }, undefined],
  ] as const) {
    it(`gets tokens through ${kind} at 50%`, async () => {
      sim.setProfile({ seed: 9, ...profile, applyTo: ["token"] });
      sim.clearRequests();
      try {
        const outcomes = await Promise.all(
          Array.from({ length: 6 }, () =>
            provider(undefined, delays)
              .getAccessToken()
              .then(
                () => "token",
                (err: unknown) => (err instanceof AppError ? err.code : `untyped ${err}`),
              ),
          ),
        );
        // 6 attempts at 50%: all six get a token unless a seed is very unlucky, which would say GRAPH.UNAVAILABLE.
        expect(outcomes.every((o) => o === "token" || o === "GRAPH.UNAVAILABLE")).toBe(true);
        expect(outcomes.filter((o) => o === "token").length).toBeGreaterThanOrEqual(5);
        expect(Object.values(sim.counters().injected).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
        expect(tokenPosts().length).toBeGreaterThan(6);
      } finally {
        sim.setProfile({});
      }
    }, 60_000);
  }

  it("gives up at once on a wrong secret, and after the attempts with GRAPH.UNAVAILABLE when it never answers", async () => {
    sim.clearRequests();
    await expect(provider("wrong").getAccessToken()).rejects.toMatchObject({ code: "GRAPH.UNAUTHORIZED" });
    expect(tokenPosts()).toHaveLength(1);
    sim.setProfile({ faults: { truncated: 1 }, applyTo: ["token"] });
    sim.clearRequests();
    try {
      await expect(provider().getAccessToken()).rejects.toMatchObject({ code: "GRAPH.UNAVAILABLE" });
      expect(tokenPosts()).toHaveLength(6);
    } finally {
      sim.setProfile({});
    }
  });
});
