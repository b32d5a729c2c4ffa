import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UsageError } from "../../../cli/command.js";
import { parseSimArgs, simCommand } from "../../../cli/commands/sim.js";
import { STAND_IN_FIXTURE } from "../../helpers/standInTenant.js";

const root = resolve(import.meta.dirname, "../../..");
const distSim = join(root, "dist/cli/commands/sim.js");
// Runs the compiled command the way cli/main.ts will, without depending on main's registration.
const RUNNER =
  "const { simCommand } = await import(process.argv[1]); process.exitCode = await simCommand.run(process.argv.slice(2));";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "cadence-sim-cli-"));
  const sources = [
    "cli/commands/sim.ts",
    "dev/sim/server.ts",
    "dev/sim/tenant.ts",
    "dev/sim/core/identity.ts",
  ];
  const built = await stat(distSim).then(
    (s) => s.mtimeMs,
    () => 0,
  );
  const newest = Math.max(
    ...(await Promise.all(sources.map((f) => stat(join(root, f)).then((s) => s.mtimeMs)))),
  );
  if (built < newest) {
    // `npm test` builds first; this keeps `npx vitest run test/cli` honest when run alone. Errors in files that
    // are not ours must not stop the build (tsc still emits), so the exit code is ignored.
    await promisify(execFile)("npx", ["tsc", "-p", "tsconfig.json"], { cwd: root }).catch(() => undefined);
  }
  await writeFile(join(dir, "tenant.json"), JSON.stringify(STAND_IN_FIXTURE));
  await writeFile(join(dir, "bad.json"), JSON.stringify({ ...STAND_IN_FIXTURE, users: [{ id: "x" }] }));
}, 120_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

function startCli(args: string[]): {
  child: ChildProcess;
  firstLine: Promise<string>;
  exit: Promise<number | null>;
} {
  const child = spawn(process.execPath, ["--input-type=module", "-e", RUNNER, distSim, ...args], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines = createInterface({ input: child.stdout! });
  const firstLine = new Promise<string>((res, rej) => {
    lines.once("line", res);
    child.once("exit", (code) => rej(new Error(`exited with ${code} before printing`)));
  });
  firstLine.catch(() => undefined); // callers that only wait for the exit never read it
  const exit = new Promise<number | null>((res) => child.once("exit", (code) => res(code)));
  return { child, firstLine, exit };
}

async function runToEnd(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const { child, exit } = startCli(args);
  let stderr = "";
  child.stderr!.on("data", (c: Buffer) => {
    stderr += c.toString();
  });
  return { code: await exit, stderr };
}

describe("cadence sim", () => {
  it("prints one JSON line a client can use as it is, serves msal-node and Graph, and exits 0 on SIGTERM", async () => {
    const { child, firstLine, exit } = startCli(["--fixture", join(dir, "tenant.json"), "--cert-dir", dir]);
    try {
      const info = JSON.parse(await firstLine);
      expect(Object.keys(info).sort()).toEqual(
        [
          "botConnector",
          "caCert",
          "clientId",
          "clientSecret",
          "control",
          "graph",
          "login",
          "tenantId",
          "webhook",
        ].sort(),
      );
      expect(info.graph).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/v1\.0$/);
      expect(info.tenantId).toBe(STAND_IN_FIXTURE.tenantId);
      expect(info.caCert).toBe(join(dir, "cadence-sim-ca.pem"));
      // A fresh process trusting the CA through NODE_EXTRA_CA_CERTS, with msal-node's own network client.
      const client = `
        import { ConfidentialClientApplication } from "@azure/msal-node";
        const info = JSON.parse(process.argv[1]);
        const msal = new ConfidentialClientApplication({ auth: {
          clientId: info.clientId, clientSecret: info.clientSecret,
          authority: info.login + "/" + info.tenantId, knownAuthorities: [new URL(info.login).host] } });
        const { accessToken } = await msal.acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/.default"] });
        const res = await fetch(info.graph + "/users?$select=displayName", { headers: { authorization: "Bearer " + accessToken } });
        process.stdout.write(JSON.stringify({ status: res.status, body: await res.json() }));`;
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ["--input-type=module", "-e", client, JSON.stringify(info)],
        {
          cwd: root,
          env: { ...process.env, NODE_EXTRA_CA_CERTS: info.caCert },
        },
      );
      const answer = JSON.parse(stdout);
      expect(answer.status).toBe(200);
      expect(answer.body.value.map((u: { displayName: string }) => u.displayName).sort()).toEqual([
        "Ada Manager",
        "Bo Report",
      ]);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exit).toBe(0);
  });

  it("serves a generated tenant with --generate", async () => {
    const { child, firstLine, exit } = startCli([
      "--generate",
      "users=30,seed=2",
      "--cert-dir",
      dir,
      "--seed",
      "2",
    ]);
    try {
      const info = JSON.parse(await firstLine);
      const { createTrustingFetch } = await import("../../../dev/sim/core/trustingFetch.js");
      const fetchTrusting = createTrustingFetch(await readFile(info.caCert, "utf8"));
      const token = await fetchTrusting(`${info.login}/${info.tenantId}/oauth2/v2.0/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "client_credentials",
          client_id: info.clientId,
          client_secret: info.clientSecret,
          scope: "https://graph.microsoft.com/.default",
        }).toString(),
      }).then((r) => r.json() as Promise<{ access_token: string }>);
      const users = await fetchTrusting(`${info.graph}/users?$top=999&$select=id`, {
        headers: { authorization: `Bearer ${token.access_token}` },
      }).then((r) => r.json() as Promise<{ value: unknown[] }>);
      expect(users.value).toHaveLength(30);
    } finally {
      child.kill("SIGINT");
    }
    expect(await exit).toBe(0);
  });

  it("rejects a bad --generate spec as a usage error", async () => {
    await expect(simCommand.run(["--generate", "users=many"])).rejects.toThrow(UsageError);
  });

  it("fails with a clear message naming the bad field of a fixture", async () => {
    const { code, stderr } = await runToEnd(["--fixture", join(dir, "bad.json"), "--cert-dir", dir]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/users\[0\]\.displayName/);
  });

  it("fails with a clear message for a missing fixture file", async () => {
    const { code, stderr } = await runToEnd(["--fixture", join(dir, "nope.json"), "--cert-dir", dir]);
    expect(code).toBe(1);
    expect(stderr).toContain("cannot read fixture");
  });

  it("requires exactly one tenant source and a valid port", () => {
    expect(() => parseSimArgs([])).toThrow(/exactly one of --fixture FILE or --generate/);
    expect(() => parseSimArgs(["--fixture", "a.json", "--generate", "users=10,seed=1"])).toThrow(
      /exactly one/,
    );
    expect(() => parseSimArgs(["--fixture", "a.json", "--port", "70000"])).toThrow(/--port/);
    expect(() => parseSimArgs(["--fixture", "a.json", "--verbose"])).toThrow(/verbose/);
    expect(parseSimArgs(["--generate", "users=10,seed=3", "--port", "8443"])).toMatchObject({
      generate: "users=10,seed=3",
      port: 8443,
      seed: 1,
    });
  });
});
