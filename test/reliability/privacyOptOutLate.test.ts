// Issue #11, "opted-out people get no proposal, card or digest line", when they opt out between the nightly scan and
// the card timers: a host scans and plans with nobody opted out; the app restarts with CADENCE_EXCLUDED_USERS set (an
// app-settings change restarts a Function app) and its timers run before any new scan. Through the local host, its
// worker processes, the simulator and Azurite.
import { createServer } from "node:net";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningHost, startHost } from "../../dev/host/startHost.js";
import { localAppSettings } from "../../dev/localAppSettings.js";
import { scanThroughHost } from "../../dev/scanThroughHost.js";
import type { FixtureUser } from "../../dev/sim/fixture.js";
import { generateTenant } from "../../dev/sim/generate/generateTenant.js";
import { type Simulator, startSimulator } from "../../dev/sim/server.js";
import { type AzuriteHandle, startAzurite } from "../../dev/storage/startAzurite.js";
import { type Cast, plant } from "./privacyCast.js";

const MASTER_KEY = "late-opt-out-master-key";
let azurite: AzuriteHandle;
let sim: Simulator;
let cast: Cast;
let port: number;
let now: string;
const hosts: RunningHost[] = [];
const lines: string[] = [];

beforeAll(async () => {
  azurite = await startAzurite();
  const planted = plant(generateTenant({ users: 60, seed: 42 }).fixture);
  cast = planted.cast;
  now = planted.fixture.now;
  sim = await startSimulator({ fixture: planted.fixture, port: 0 });
  port = await freePort();
}, 120_000);

afterAll(async () => {
  for (const host of hosts) await host.close().catch(() => {});
  await sim?.close();
  await azurite?.stop();
});

async function host(excludedUsers: string): Promise<RunningHost> {
  const started = await startHost({
    appDir: resolve(import.meta.dirname, "../.."),
    port,
    workers: 1,
    env: {
      ...localAppSettings({ storage: azurite.connectionString, sim, now, masterKey: MASTER_KEY }),
      CADENCE_EXCLUDED_USERS: excludedUsers,
    },
    log: (line) => lines.push(line),
  });
  hosts.push(started);
  sim.teams.setBotEndpoint(`${started.url}/api/messages`);
  return started;
}

async function fire(h: RunningHost, name: string): Promise<void> {
  const done = `Executed 'Functions.${name}'`;
  const before = lines.filter((l) => l.includes(done)).length;
  const res = await fetch(`${h.url}/admin/functions/${name}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-functions-key": MASTER_KEY },
    body: JSON.stringify({ input: "" }),
  });
  expect(res.status).toBe(202);
  await until(() => lines.filter((l) => l.includes(done)).length > before, `${name} to finish`);
  expect(lines.filter((l) => l.includes(done)).at(-1)).toContain("Succeeded");
}

async function until(done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`waited too long for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("opting out after the scan, before the card timers run", () => {
  it("sends them no agenda, proposal or digest card, and nobody a card about their pairs", async () => {
    // Night: the scan, then the plan it queues (proposals for the pairs never met).
    const night = await host("");
    await scanThroughHost(night.url, MASTER_KEY, { timeoutMs: 180_000 });
    await until(() => lines.some((l) => l.includes("series plan for scan")), "the plan");
    await night.close();

    // Morning: the manager and a report of another manager opted out; the timers run before any new scan.
    const morning = await host(`${cast.optedOutManager.userPrincipalName};${cast.optedOutReport.id}`);
    for (const name of ["sendAgendas", "sendProposalCards", "sendManagerDigests"]) await fire(morning, name);
    await sim.teams.idle();

    const conversations = sim.teams.conversationList();
    const to = (user: FixtureUser) =>
      conversations.filter((c) => c.userId === user.id).flatMap((c) => c.activities);
    const text = (user: FixtureUser) => JSON.stringify(to(user));
    // The control manager got the agenda for tomorrow's 1:1, the proposal for the report never met and the digest
    // naming that report; so did M3, for R4. That is what the opted-out manager would have had.
    expect(to(cast.control).length).toBeGreaterThanOrEqual(3);
    expect(to(cast.c1).length).toBeGreaterThanOrEqual(1);
    expect(text(cast.control)).toContain(cast.c2.displayName);
    expect(text(cast.m3)).toContain(cast.r4.displayName);

    for (const user of [cast.optedOutManager, cast.r1, cast.r2, cast.optedOutReport]) {
      expect(to(user), user.displayName).toEqual([]);
    }
    for (const person of [cast.optedOutManager, cast.optedOutReport]) {
      const about = conversations.flatMap((c) =>
        c.activities
          .filter((a) =>
            [person.id, person.userPrincipalName, person.displayName].some((n) =>
              JSON.stringify(a).includes(n),
            ),
          )
          .map(() => c.userId),
      );
      expect(about, person.displayName).toEqual([]);
    }
  }, 400_000);
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const found = (server.address() as { port: number }).port;
  await new Promise((ok) => server.close(ok));
  return found;
}
