// Secretless Graph auth end to end: the real @azure/identity ManagedIdentityCredential asks the simulator's
// App Service identity endpoint (IDENTITY_ENDPOINT + X-IDENTITY-HEADER) for a Graph token, and the simulator's
// Graph accepts it as it accepts the app's client-credentials tokens.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../../dev/sim/server.js";
import { simulatorSettings } from "../../../dev/sim/simulatorSettings.js";
import { gatewayFromSettings } from "../../../shared/composition/gatewayFromSettings.js";
import { parseSettings } from "../../../shared/config.js";
import { createGraphGateway } from "../../../shared/graph/createGraphGateway.js";
import { createHttpsFetch } from "../../../shared/graph/createHttpsFetch.js";
import { listUsers } from "../../../shared/graph/listUsers.js";
import { smallTenant } from "./smallTenant.js";

let sim: Simulator;
const USER_ASSIGNED = "d0000000-0000-4000-8000-0000000000d1";
const NOT_AN_IDENTITY = "a0000000-0000-4000-8000-0000000000a1";

beforeAll(async () => {
  sim = await startSimulator({
    fixture: smallTenant(3),
    seed: 5,
    apps: [
      { clientId: USER_ASSIGNED, roles: ["User.Read.All"], managedIdentity: true },
      { clientId: NOT_AN_IDENTITY, clientSecret: "s3cret", roles: ["User.Read.All"] },
    ],
  });
});
afterAll(() => sim?.close());

const saved = { endpoint: process.env.IDENTITY_ENDPOINT, header: process.env.IDENTITY_HEADER };
/** App Service sets these two when the app has a managed identity; msal reads them from the environment. */
function onAppService(header: string = sim.managedIdentity.identityHeader) {
  process.env.IDENTITY_ENDPOINT = sim.urls.identityEndpoint;
  process.env.IDENTITY_HEADER = header;
}
afterEach(() => {
  for (const [name, value] of [
    ["IDENTITY_ENDPOINT", saved.endpoint],
    ["IDENTITY_HEADER", saved.header],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  sim.clearRequests();
});

const managedGateway = (clientId?: string) =>
  createGraphGateway({
    credential: "managedIdentity",
    tenantId: sim.tenantId,
    ...(clientId ? { clientId } : {}),
    authorityHost: sim.urls.login,
    graphBaseUrl: sim.urls.graph,
    caPem: sim.caPem,
    maxAttempts: 1,
  });
const tokenRequests = () => sim.requests().filter((r) => r.kind === "token");

describe("managed identity through the simulator's identity endpoint", () => {
  // msal-node keeps the identity source (with its header) and its tokens per process, so the endpoint's refusal
  // of a wrong header is checked over plain HTTPS rather than through a second credential.
  it("answers 401 to a wrong identity header and 400 to an unknown api-version", async () => {
    const fetchSim = createHttpsFetch({ caPem: sim.caPem });
    const url = `${sim.urls.identityEndpoint}?api-version=2019-08-01&resource=https://graph.microsoft.com`;
    const wrong = await fetchSim(url, { headers: { "X-IDENTITY-HEADER": "not-the-header" } });
    expect(wrong.status).toBe(401);
    const oldApi = await fetchSim(url.replace("2019-08-01", "2017-09-01"), {
      headers: { "X-IDENTITY-HEADER": sim.managedIdentity.identityHeader },
    });
    expect(oldApi.status).toBe(400);
  });

  it("gives no token for an app registration named as a user-assigned identity", async () => {
    onAppService();
    await expect(listUsers(managedGateway(NOT_AN_IDENTITY))).rejects.toMatchObject({
      code: "GRAPH.UNAUTHORIZED",
    });
  });

  it("reads the directory with the system-assigned identity's token: one token request, no secret", async () => {
    onAppService();
    const gateway = managedGateway();
    const users = await listUsers(gateway);
    expect(users.map((u) => u.userPrincipalName)).toContain("ada@contoso.example");
    await listUsers(gateway); // the second read reuses the token
    expect(tokenRequests()).toEqual([
      expect.objectContaining({ url: "/msi/token", status: 200, appId: sim.managedIdentity.clientId }),
    ]);
    expect(gateway.stats().tokenRequests).toBe(1);
  });

  it("uses the user-assigned identity GRAPH_CLIENT_ID names", async () => {
    onAppService();
    await listUsers(managedGateway(USER_ASSIGNED));
    expect(tokenRequests().map((r) => r.appId)).toEqual([USER_ASSIGNED]);
  });

  it("is what the settings choose when the platform offers an identity and no secret is set", async () => {
    onAppService();
    const { GRAPH_CLIENT_SECRET: _, GRAPH_CLIENT_ID: __, ...rest } = simulatorSettings(sim);
    const settings = parseSettings({
      ...rest,
      AzureWebJobsStorage: "UseDevelopmentStorage=true",
      CADENCE_SCAN_SCHEDULE: "0 0 2 * * *",
      IDENTITY_ENDPOINT: sim.urls.identityEndpoint,
    });
    const users = await listUsers(gatewayFromSettings(settings));
    expect(users.length).toBeGreaterThan(0);
    // The token may come from msal's process-wide cache of the identity's tokens, never from the token endpoint.
    expect(tokenRequests().filter((r) => r.url !== "/msi/token")).toEqual([]);
  });
});
