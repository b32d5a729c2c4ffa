import { X509Certificate } from "node:crypto";
import { ConfidentialClientApplication, ServerError } from "@azure/msal-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeSimulatorCertificate } from "../../../../dev/sim/core/certificate.js";
import { createTrustingFetch } from "../../../../dev/sim/core/trustingFetch.js";
import { trustingNetworkClient } from "../../../../dev/sim/core/trustingNetworkClient.js";
import { type Simulator, startSimulator } from "../../../../dev/sim/server.js";
import { graphClientFor } from "../../../helpers/graphClientFor.js";
import { msalFor } from "../../../helpers/msalFor.js";
import { ADA_ID, STAND_IN_FIXTURE, standInRoutes } from "../../../helpers/standInTenant.js";

const GRAPH = ["https://graph.microsoft.com/.default"];
let sim: Simulator;
// Any key pair with a certificate will do as the app's credential; the simulator's own maker is at hand.
const appCredential = makeSimulatorCertificate();

beforeAll(async () => {
  sim = await startSimulator({
    fixture: STAND_IN_FIXTURE,
    areas: [],
    routes: standInRoutes,
    apps: [
      { clientId: "directory-only", clientSecret: "s3cret", roles: ["User.Read.All"] },
      { clientId: "cert-app", certificatePem: appCredential.certPem, roles: ["User.Read.All"] },
    ],
  });
});
afterAll(() => sim.close());

describe("identity", () => {
  it("serves msal-node unchanged: discovery on the authority host, then a client-credentials token with the app's roles", async () => {
    const result = await msalFor(sim).acquireTokenByClientCredential({ scopes: GRAPH });
    expect(result?.tokenType).toBe("Bearer");
    const claims = JSON.parse(Buffer.from(result!.accessToken.split(".")[1]!, "base64url").toString());
    expect(claims).toMatchObject({
      aud: "https://graph.microsoft.com",
      iss: `https://sts.windows.net/${sim.tenantId}/`,
      tid: sim.tenantId,
      appid: sim.clientId,
      roles: expect.arrayContaining(["User.Read.All", "Calendars.ReadWrite", "MailboxSettings.Read"]),
    });
    expect(claims.exp).toBeGreaterThan(Date.now() / 1000);
    const tokenCalls = sim.requests().filter((r) => r.kind === "token");
    expect(tokenCalls.at(-1)).toMatchObject({ status: 200, appId: sim.clientId });
  });

  it("rejects a wrong secret with Entra's AADSTS7000215 invalid_client", async () => {
    const err = await msalFor(sim, { clientSecret: "wrong" })
      .acquireTokenByClientCredential({ scopes: GRAPH })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServerError);
    expect((err as ServerError).errorCode).toBe("invalid_client");
    expect((err as ServerError).errorMessage).toContain("AADSTS7000215");
  });

  it("accepts a client assertion signed with the app's certificate (msal-node clientCertificate)", async () => {
    const msal = (privateKey: string) =>
      new ConfidentialClientApplication({
        auth: {
          clientId: "cert-app",
          authority: sim.urls.authority,
          knownAuthorities: [new URL(sim.urls.login).host],
          clientCertificate: {
            thumbprintSha256: new X509Certificate(appCredential.certPem).fingerprint256.replaceAll(":", ""),
            privateKey,
          },
        },
        system: { networkClient: trustingNetworkClient(sim.caPem) },
      });
    const result = await msal(appCredential.keyPem).acquireTokenByClientCredential({ scopes: GRAPH });
    const claims = JSON.parse(Buffer.from(result!.accessToken.split(".")[1]!, "base64url").toString());
    expect(claims).toMatchObject({ appid: "cert-app", appidacr: "2", roles: ["User.Read.All"] });
    const otherKey = makeSimulatorCertificate().keyPem;
    const err = (await msal(otherKey)
      .acquireTokenByClientCredential({ scopes: GRAPH })
      .catch((e: unknown) => e)) as ServerError;
    expect(err.errorCode).toBe("invalid_client");
    expect(err.errorMessage).toContain("AADSTS700027");
  });

  it("rejects an unknown client with AADSTS700016", async () => {
    const err = (await msalFor(sim, { clientId: "00000000-0000-4000-8000-0000000000ff" })
      .acquireTokenByClientCredential({ scopes: GRAPH })
      .catch((e: unknown) => e)) as ServerError;
    expect(err.errorCode).toBe("unauthorized_client");
    expect(err.errorMessage).toContain("AADSTS700016");
  });

  it("rejects a scope without /.default, and issues bot-audience tokens without Graph roles", async () => {
    const fetchTrusting = createTrustingFetch(sim.caPem);
    const post = (scope: string) =>
      fetchTrusting(`${sim.urls.authority}/oauth2/v2.0/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "client_credentials",
          client_id: sim.clientId,
          client_secret: sim.clientSecret,
          scope,
        }).toString(),
      });
    const bad = await post("https://graph.microsoft.com/User.Read.All");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: "invalid_scope", error_codes: [1002012] });
    const bot = await post("https://api.botframework.com/.default");
    const { access_token } = (await bot.json()) as { access_token: string };
    const claims = JSON.parse(Buffer.from(access_token.split(".")[1]!, "base64url").toString());
    expect(claims.aud).toBe("https://api.botframework.com");
    expect(claims.roles).toBeUndefined();
  });

  it("publishes the signing key as a JWKS the tokens verify against", async () => {
    const res = await createTrustingFetch(sim.caPem)(`${sim.urls.authority}/discovery/v2.0/keys`);
    const jwks = (await res.json()) as { keys: { kid: string; kty: string }[] };
    expect(jwks.keys[0]).toMatchObject({ kty: "RSA" });
    const token = await sim.identity.issueToken(sim.clientId, "graph");
    expect(JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString()).kid).toBe(jwks.keys[0]!.kid);
  });
});

describe("Graph bearer and permission checks", () => {
  const getUser = (token?: string) =>
    createTrustingFetch(sim.caPem)(`${sim.urls.graph}/users/${ADA_ID}`, {
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });

  it("answers a call through microsoft-graph-client with a msal-node token", async () => {
    const user = await graphClientFor(sim).api(`/users/${ADA_ID}`).get();
    expect(user).toMatchObject({ displayName: "Ada Manager" });
  });

  it("401s a missing, expired or forged token with InvalidAuthenticationToken", async () => {
    const missing = await getUser();
    expect(missing.status).toBe(401);
    const body = (await missing.json()) as { error: { code: string; innerError: Record<string, string> } };
    expect(body.error.code).toBe("InvalidAuthenticationToken");
    expect(body.error.innerError["request-id"]).toBe(missing.headers.get("request-id"));

    const expired = await getUser(
      await sim.identity.issueToken(sim.clientId, "graph", { lifetimeSeconds: -60 }),
    );
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { error: { message: string } }).error.message).toContain("expired");

    const good = await sim.identity.issueToken(sim.clientId, "graph");
    const [h, p] = good.split(".");
    const forged = `${h}.${p}.${Buffer.from("not a signature").toString("base64url")}`;
    expect((await getUser(forged)).status).toBe(401);

    const botToken = await sim.identity.issueToken(sim.clientId, "bot");
    expect(
      ((await (await getUser(botToken)).json()) as { error: { message: string } }).error.message,
    ).toContain("Invalid audience");
    expect((await getUser(good)).status).toBe(200);
  });

  it("403s a call the app has no permission for, with Graph's code for the workload", async () => {
    const client = graphClientFor(sim, { clientId: "directory-only", clientSecret: "s3cret", retry: false });
    await expect(client.api(`/users/${ADA_ID}`).get()).resolves.toBeTruthy();
    const err = await client
      .api(`/users/${ADA_ID}/calendarView`)
      .query({ startDateTime: "2026-11-01T00:00:00Z", endDateTime: "2026-11-30T00:00:00Z" })
      .get()
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 403, code: "ErrorAccessDenied" });
  });

  it("answers unknown segments with 400 and wrong methods with 405, both in Graph's error shape", async () => {
    const token = await sim.identity.issueToken(sim.clientId, "graph");
    const res = await createTrustingFetch(sim.caPem)(`${sim.urls.graph}/groups`, {
      headers: { authorization: `Bearer ${token}`, "client-request-id": "abc-123" },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      error: { code: string; message: string; innerError: Record<string, string> };
    };
    expect(body.error).toMatchObject({
      code: "BadRequest",
      message: "Resource not found for the segment 'groups'.",
    });
    expect(body.error.innerError).toMatchObject({
      "client-request-id": "abc-123",
      date: "2026-11-25T09:00:00",
    });
    expect(res.headers.get("client-request-id")).toBe("abc-123");
    const del = await createTrustingFetch(sim.caPem)(`${sim.urls.graph}/users/x`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(del.status).toBe(405);
  });
});
