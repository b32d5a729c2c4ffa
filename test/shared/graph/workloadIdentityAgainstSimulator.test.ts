// Workload identity federation end to end: the real @azure/identity WorkloadIdentityCredential reads a federated
// token (as AKS mounts it) and exchanges it at the simulator's token endpoint, which accepts it for the app whose
// federated credential names that issuer and subject; the simulator's Graph then accepts the access token.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exportSPKI, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../../dev/sim/server.js";
import { createGraphGateway } from "../../../shared/graph/createGraphGateway.js";
import { listUsers } from "../../../shared/graph/listUsers.js";
import { smallTenant } from "./smallTenant.js";

const APP = "f0000000-0000-4000-8000-0000000000f1";
const ISSUER = "https://oidc.aks.example/11111111-issuer/";
const SUBJECT = "system:serviceaccount:cadence:cadence-func";

let sim: Simulator;
let sign: (claims: { sub: string; aud?: string }) => Promise<string>;
let dir: string;

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  sign = (claims) =>
    new SignJWT({})
      .setProtectedHeader({ alg: "RS256", kid: "aks" })
      .setIssuer(ISSUER)
      .setSubject(claims.sub)
      .setAudience(claims.aud ?? "api://AzureADTokenExchange")
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(privateKey);
  sim = await startSimulator({
    fixture: smallTenant(3),
    seed: 6,
    apps: [
      {
        clientId: APP,
        roles: ["User.Read.All"],
        federatedCredentials: [
          { issuer: ISSUER, subject: SUBJECT, publicKeyPem: await exportSPKI(publicKey) },
        ],
      },
    ],
  });
  dir = await mkdtemp(join(tmpdir(), "cadence-wi-"));
});
afterAll(() => sim?.close());

async function gatewayWith(token: string, name: string) {
  const file = join(dir, name);
  await writeFile(file, token);
  return createGraphGateway({
    credential: "workloadIdentity",
    tenantId: sim.tenantId,
    clientId: APP,
    federatedTokenFile: file,
    authorityHost: sim.urls.login,
    graphBaseUrl: sim.urls.graph,
    caPem: sim.caPem,
    maxAttempts: 1,
  });
}

describe("workload identity federation through the simulator", () => {
  it("exchanges the platform's federated token for a Graph token, with no secret anywhere", async () => {
    const gateway = await gatewayWith(await sign({ sub: SUBJECT }), "good");
    const users = await listUsers(gateway);
    expect(users.map((u) => u.userPrincipalName)).toContain("ada@contoso.example");
    const tokens = sim.requests().filter((r) => r.kind === "token");
    expect(tokens.map((r) => [r.status, r.appId])).toContainEqual([200, APP]);
  });

  it("is refused for a subject or audience the app's federated credential does not name", async () => {
    sim.clearRequests();
    for (const [name, claims] of [
      ["other-subject", { sub: "system:serviceaccount:other:intruder" }],
      ["other-audience", { sub: SUBJECT, aud: "api://something-else" }],
    ] as const) {
      const gateway = await gatewayWith(await sign(claims), name);
      await expect(listUsers(gateway)).rejects.toMatchObject({ code: "GRAPH.UNAUTHORIZED" });
    }
    // Refused by the token endpoint itself (not lost on the way), and Graph never called.
    const refusals = sim.requests().filter((r) => r.kind === "token" && r.status !== 200);
    expect(refusals.map((r) => [r.status, r.errorCode])).toEqual([
      [400, "invalid_client"],
      [400, "invalid_client"],
    ]);
    expect(sim.requests().filter((r) => r.kind === "graph")).toEqual([]);
  });
});
