// Child process: the way admins audit 1:1s today, like the FastTrack `Get-RecurringTeamsMeetings` script: list
// every user with the default page size, then for each user in turn read their calendarView over the scan's
// window with the default page size (no $select, no Prefer page size, no $batch), following every nextLink.
// Prints one JSON line (BaselineMeasurement). Throttled requests are retried after Retry-After, as the Graph
// PowerShell SDK's retry handler does.
import { readFileSync } from "node:fs";
import { defaultCadencePolicy } from "../../shared/domain/cadencePolicy.js";
import { createAppTokenProvider } from "../../shared/graph/createAppTokenProvider.js";
import { createHttpsFetch } from "../../shared/graph/createHttpsFetch.js";
import { parseRetryAfter } from "../../shared/graph/parseRetryAfter.js";
import { readChildInput } from "./childInput.js";
import { seededSample } from "./seededSample.js";

export interface LoopPhase {
  requests: number;
  bytesReceived: number;
  wallMs: number;
}

export interface BaselineMeasurement {
  directory: LoopPhase & { users: number };
  calendars: LoopPhase & {
    /** Users whose calendars were read: all of them, or the seeded sample. */
    users: number;
    sampled: boolean;
    events: number;
    /** Users whose calendar answered an error (no mailbox…): the script logs them and goes on. */
    failedUsers: number;
  };
  throttled: number;
  retries: number;
  cpuMs: number;
  peakRssMiB: number;
}

const DAY = 86_400_000;
const MAX_ATTEMPTS = 4;

const input = readChildInput();
const cpuStart = process.cpuUsage();
let bytesReceived = 0;
const fetchFn = createHttpsFetch({
  caPem: readFileSync(input.caCert, "utf8"),
  onBytes: (_sent, received) => {
    bytesReceived += received;
  },
});
const tokens = createAppTokenProvider({
  tenantId: input.tenantId,
  clientId: input.clientId,
  clientSecret: input.clientSecret,
  authorityHost: input.login,
  scope: "https://graph.microsoft.com/.default",
  fetch: fetchFn,
});
let requests = 0;
let throttled = 0;
let retries = 0;

/** One GET with the SDK's retry behaviour; answers the status and the parsed body. */
async function get(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetchFn(url, {
      headers: { authorization: `Bearer ${await tokens.getAccessToken()}` },
    });
    requests++;
    const body = (await response.json()) as Record<string, unknown>;
    const retryable = [429, 503, 504].includes(response.status);
    if (response.status === 429) throttled++;
    if (!retryable || attempt >= MAX_ATTEMPTS) return { status: response.status, body };
    retries++;
    const wait = parseRetryAfter(response.headers.get("retry-after"), new Date()) ?? 2 ** attempt * 1000;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

async function* pages(firstUrl: string): AsyncGenerator<{ status: number; body: Record<string, unknown> }> {
  let url: string | undefined = firstUrl;
  while (url) {
    const page = await get(url);
    yield page;
    const next = page.status === 200 ? page.body["@odata.nextLink"] : undefined;
    url = typeof next === "string" ? next : undefined;
  }
}

const phase = () => ({ requests, bytesReceived, at: performance.now() });
const since = (start: ReturnType<typeof phase>): LoopPhase => ({
  requests: requests - start.requests,
  bytesReceived: bytesReceived - start.bytesReceived,
  wallMs: Math.round(performance.now() - start.at),
});

const directoryStart = phase();
const userIds: string[] = [];
for await (const page of pages(`${input.graph}/users`)) {
  if (page.status !== 200)
    throw new Error(`GET /users answered ${page.status}: ${JSON.stringify(page.body)}`);
  for (const user of page.body.value as Array<{ id: string }>) userIds.push(user.id);
}
const directory = { ...since(directoryStart), users: userIds.length };

const now = Date.parse(input.now);
const range = new URLSearchParams({
  startDateTime: new Date(now - defaultCadencePolicy.lookbackDays * DAY).toISOString(),
  endDateTime: new Date(now + defaultCadencePolicy.lookaheadDays * DAY).toISOString(),
});
const chosen = seededSample(userIds, input.sample ?? userIds.length, input.seed);
const calendarStart = phase();
let events = 0;
let failedUsers = 0;
for (const [i, id] of chosen.entries()) {
  for await (const page of pages(`${input.graph}/users/${encodeURIComponent(id)}/calendarView?${range}`)) {
    if (page.status === 200) events += (page.body.value as unknown[]).length;
    else failedUsers++;
  }
  if ((i + 1) % 100 === 0) process.stderr.write(`  per-user loop: ${i + 1}/${chosen.length} users\n`);
}
const calendars = {
  ...since(calendarStart),
  users: chosen.length,
  sampled: chosen.length < userIds.length,
  events,
  failedUsers,
};
const cpu = process.cpuUsage(cpuStart);
const result: BaselineMeasurement = {
  directory,
  calendars,
  throttled,
  retries,
  cpuMs: Math.round((cpu.user + cpu.system) / 1000),
  peakRssMiB: Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
