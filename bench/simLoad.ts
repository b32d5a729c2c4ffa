// Measures the simulator at scale (issue 3 "Done when"): generating a 10,000-user tenant, loading it, and a
// full calendarView sweep over every mailbox. Run: `npm run build && node dist/bench/simLoad.js [users] [seed]`.
// Writes bench/results/simLoad.json. Timings are for people to read; nothing here asserts.
import { mkdirSync, writeFileSync } from "node:fs";
import { Agent, request } from "node:https";
import { fileURLToPath } from "node:url";
import { generateTenant } from "../dev/sim/generate/generateTenant.js";
import { startSimulator } from "../dev/sim/server.js";

const users = Number(process.argv[2] ?? 10_000);
const seed = Number(process.argv[3] ?? 1);
const CONCURRENCY = 16;
const DAY = 86_400_000;

const rssPeak = () => Math.round(process.resourceUsage().maxRSS / 1024);

const t0 = performance.now();
const { fixture, truth } = generateTenant({ users, seed });
const generationMs = performance.now() - t0;
const fixtureJson = JSON.stringify(fixture);
const rssAfterGenerate = rssPeak();

const t1 = performance.now();
const sim = await startSimulator({ fixture: JSON.parse(fixtureJson), seed });
const loadMs = performance.now() - t1;
const rssAfterLoad = rssPeak();

// Keep-alive, as the Graph SDK's fetch does: the sweep should measure the simulator, not TLS handshakes.
const agent = new Agent({ ca: sim.caPem, keepAlive: true, maxSockets: 64 });
function call(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; json: unknown }>((resolve, reject) => {
    const req = request(url, { method: init.method ?? "GET", headers: init.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString()) }),
      );
    });
    req.on("error", reject);
    req.end(init.body);
  });
}

const tokenResponse = await call(`${sim.urls.authority}/oauth2/v2.0/token`, {
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams({
    grant_type: "client_credentials",
    client_id: sim.clientId,
    client_secret: sim.clientSecret,
    scope: "https://graph.microsoft.com/.default",
  }).toString(),
});
const { access_token: token } = tokenResponse.json as { access_token: string };

// The window Cadence scans: lookback 90 days, lookahead 35 days (DESIGN.md policy).
const now = Date.parse(fixture.now);
const window = new URLSearchParams({
  startDateTime: new Date(now - 90 * DAY).toISOString(),
  endDateTime: new Date(now + 35 * DAY).toISOString(),
  $select: "subject,start,end,organizer,attendees,type,seriesMasterId,isAllDay,isCancelled,responseStatus",
});
const mailboxes = fixture.users.filter((u) => u.hasMailbox && u.accountEnabled).map((u) => u.id);
let requests = 0;
let occurrences = 0;
const failures: string[] = [];
const t2 = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < mailboxes.length) {
      const id = mailboxes[next++]!;
      let url: string | undefined = `${sim.urls.graph}/users/${id}/calendarView?${window}`;
      while (url) {
        const response = await call(url, {
          headers: {
            authorization: `Bearer ${token}`,
            prefer: 'outlook.timezone="UTC", odata.maxpagesize=100',
          },
        });
        requests++;
        if (response.status !== 200) {
          failures.push(`${response.status} ${url}`);
          break;
        }
        const page = response.json as { value: unknown[]; "@odata.nextLink"?: string };
        occurrences += page.value.length;
        url = page["@odata.nextLink"];
      }
    }
  }),
);
const sweepMs = performance.now() - t2;
agent.destroy();
await sim.close();

const statuses: Record<string, number> = {};
for (const pair of truth.pairs) statuses[pair.status] = (statuses[pair.status] ?? 0) + 1;
const result = {
  measuredAt: new Date().toISOString(),
  node: process.version,
  users,
  seed,
  generate: {
    ms: Math.round(generationMs),
    fixtureBytes: Buffer.byteLength(fixtureJson),
    events: fixture.events.length,
    pairs: truth.pairs.length,
    statuses,
  },
  load: { ms: Math.round(loadMs) },
  sweep: {
    mailboxes: mailboxes.length,
    requests,
    occurrences,
    failures: failures.length,
    firstFailures: failures.slice(0, 5),
    ms: Math.round(sweepMs),
    concurrency: CONCURRENCY,
  },
  rssMiB: { afterGenerate: rssAfterGenerate, afterLoad: rssAfterLoad, peak: rssPeak() },
};
const out = fileURLToPath(new URL("../../bench/results/simLoad.json", import.meta.url));
mkdirSync(fileURLToPath(new URL("../../bench/results/", import.meta.url)), { recursive: true });
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result));
