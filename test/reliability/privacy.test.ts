// Issue #11, "Secrets and privacy": one full demo run (what `npm start` does: Azurite, the simulator, the local host;
// a scan, a plan, accepted proposals, agenda and proposal cards, a card action), plus the manager digests and the
// admins' weekly digest, with every line captured: the demo's own, the host's, the workers' context.log and their
// stdout/stderr. Then: no secret in any line; no meeting subject or body anywhere in Azurite; and the people who
// opted out (CADENCE_EXCLUDED_USERS) got no proposal, no card and no digest line.
import { randomBytes } from "node:crypto";
import { createServer as createHttpServer, request as httpRequest } from "node:http";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { constants, gunzipSync } from "node:zlib";
import { TableClient, TableServiceClient } from "@azure/data-tables";
import { QueueServiceClient } from "@azure/storage-queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningDemo, runDemo } from "../../dev/runDemo.js";
import { Identity } from "../../dev/sim/core/identity.js";
import type { FixtureUser } from "../../dev/sim/fixture.js";
import { simulatorGateway } from "../../dev/sim/simulatorGateway.js";
import { BotFrameworkSigner } from "../../dev/sim/teams/botFrameworkSigner.js";
import { AZURITE_KEY } from "../../dev/storage/startAzurite.js";
import { BODY, type Cast, plant, SUBJECT } from "./privacyCast.js";

const stops: (() => Promise<void>)[] = [];
const lines: string[] = [];
const issuedTokens: string[] = [];
const channelTokens: string[] = [];
const restore: (() => void)[] = [];
let demo: RunningDemo;
let cast: Cast;
let webhookSig: string;
let storage: StorageContents;
let reportHtml: string;
/** Every request body the host and its workers sent to Table and Queue storage, as sent. */
const storageWrites: { where: string; body: string }[] = [];

beforeAll(async () => {
  // The simulator runs in this process: every token its identity side mints (Graph and Bot Connector, for the app)
  // and every token its Teams channel signs (inbound activities) is recorded here, to be looked for in the logs.
  restore.push(record(Identity.prototype, "issueToken", issuedTokens));
  restore.push(record(BotFrameworkSigner.prototype, "sign", channelTokens));
  webhookSig = randomBytes(32).toString("base64url");
  const proxies = { table: await recordingProxy("table"), queue: await recordingProxy("queue") };
  demo = await runDemo({
    appDir: resolve(import.meta.dirname, "../.."),
    users: 60,
    seed: 42,
    port: await freePort(),
    say: (line) => lines.push(line),
    progress: (text) => lines.push(...text.split(/[\r\n]+/).filter(Boolean)),
    stops,
    invocationLines: true,
    fixture: (generated) => {
      const planted = plant(generated);
      cast = planted.cast;
      return planted.fixture;
    },
    env: ({ sim, azurite }) => ({
      // The app's storage traffic goes through a recording proxy: what was written and later deleted (claims,
      // queue messages already consumed) is searched too, not only what is left at the end.
      AzureWebJobsStorage: proxiedStorage(azurite.connectionString, proxies),
      // A Workflows URL as Power Automate gives it: the `sig` query parameter is the credential.
      CADENCE_DIGEST_WEBHOOK_URL: `${sim.urls.webhook}/cadence-admins?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${webhookSig}`,
      CADENCE_HOST_MASTER_KEY: randomBytes(24).toString("base64url"),
      CADENCE_HOST_FUNCTION_KEY: randomBytes(24).toString("base64url"),
      CADENCE_EXCLUDED_USERS: `${cast.optedOutManager.userPrincipalName}, ${cast.optedOutReport.userPrincipalName}`,
    }),
  });
  // The two digests the demo does not send: each manager's weekly card, and the admins' channel post.
  for (const name of ["sendManagerDigests", "weeklyDigest"]) await fireTimer(name);
  await demo.sim.notificationsIdle();
  await demo.sim.teams.idle();
  reportHtml = await (await fetch(demo.reportUrl)).text();
  // Closing the host ends its workers: their last lines are in, and nothing changes storage while it is read.
  await demo.host.close();
  storage = await readStorage(demo.azurite.connectionString);
  for (const write of storageWrites) storage.texts.push(...openWrite(write));
}, 600_000);

afterAll(async () => {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  for (const undo of restore) undo();
});

describe("secrets never reach the logs", () => {
  it("greps every captured line for every secret the run used and finds none", () => {
    const secrets = secretList();
    const hostLines = lines.filter((l) => l.startsWith("  host "));
    // The run did what it should: the secrets were in use, and the host had plenty to say.
    expect(issuedTokens.length).toBeGreaterThan(2);
    expect(channelTokens.length).toBeGreaterThan(0);
    expect(demo.sim.cards()).toHaveLength(1);
    expect(hostLines.length).toBeGreaterThan(100);
    expect(secrets.filter((s) => s.kind === "subscription clientState").length).toBeGreaterThan(0);

    // The demo prints its local host's keys on purpose (a link that works as printed); nothing else may.
    const keysShownOnPurpose = (line: string) =>
      !line.startsWith("  host ") && /^(Serving\. Health: |Admin report: )/.test(line);
    const found = lines.flatMap((line, n) =>
      secrets
        .filter((s) => line.includes(s.value))
        .filter((s) => !(s.kind.startsWith("host ") && keysShownOnPurpose(line)))
        .map((s) => `line ${n} (${s.kind}): ${line.slice(0, 200)}`),
    );
    expect(found).toEqual([]);
    console.info(
      `privacy: ${lines.length} log lines (${hostLines.length} from the host and its workers) grepped for ` +
        `${secrets.length} secrets: ${summarize(secrets.map((s) => s.kind))}; 0 found`,
    );
  });

  it("logs no meeting subject or body either", () => {
    expect(lines.filter((l) => l.includes(SUBJECT) || l.includes(BODY))).toEqual([]);
  });
});

describe("no meeting subject or body is persisted", () => {
  it("plants subjects and bodies Graph really serves", async () => {
    // Without this the storage check could pass because nothing was planted.
    const gateway = simulatorGateway(demo.sim);
    const page = await gateway.get<{ value: { subject: string; body: { content: string } }[] }>(
      `/users/${cast.control.id}/events?$select=subject,body&$top=5`,
    );
    expect(page.value.length).toBeGreaterThan(0);
    for (const event of page.value) {
      expect(event.subject).toContain(SUBJECT);
      expect(event.body.content).toContain(BODY);
    }
  });

  it("finds none in any table entity or queue message after a scan, planning, creation and delivery", async () => {
    expect(storage.tables.length).toBeGreaterThan(3);
    expect(storage.entities).toBeGreaterThan(50);
    expect(storage.opaque).toEqual([]);
    const queueWrites = storageWrites.filter((w) => w.where.startsWith("queue POST"));
    expect(queueWrites.length).toBeGreaterThan(2);
    // The search sees inside what is packed: the directory's gzip chunks, the shards' gzip pairs on the queue.
    const upn = cast.c2.userPrincipalName;
    expect(storage.texts.some((t) => t.where.includes("rows joined") && t.text.includes(upn))).toBe(true);
    expect(storage.texts.some((t) => t.where.startsWith("write queue") && t.text.includes(`"${upn}"`))).toBe(
      true,
    );
    // The series Cadence created carry its own subject ("Ana / Bo 1:1"): not stored either.
    const created = await createdSeriesSubjects();
    expect(created.length).toBeGreaterThan(0);
    const secrets = secretList().filter((s) => !s.kind.startsWith("storage "));
    const hits = storage.texts.flatMap(({ where, text }) => [
      ...(text.includes(SUBJECT) ? [`${where}: a meeting subject`] : []),
      ...(text.includes(BODY) ? [`${where}: a meeting body`] : []),
      ...created.filter((s) => text.includes(s)).map((s) => `${where}: Cadence's subject "${s}"`),
      ...secrets.filter((s) => text.includes(s.value)).map((s) => `${where}: ${s.kind}`),
    ]);
    expect(hits).toEqual([]);
    console.info(
      `privacy: ${storage.tables.length} tables, ${storage.entities} entities, ${storage.queues.length} queues, ` +
        `${storage.messages} queue messages left, ${storageWrites.length} storage writes as sent ` +
        `(${queueWrites.length} queue messages) scanned, gzip and base64 opened: 0 subjects, 0 bodies, 0 secrets`,
    );
  });
});

describe("people who opted out", () => {
  it("get no proposal, for either side of their pairs", async () => {
    // The proposals table (what /api/proposals lists; the host is closed by now).
    const proposals = storage.proposals;
    const pairsProposed = new Set(proposals.map((p) => `${p.managerId}|${p.reportId}`));
    expect(pairsProposed).toContain(`${cast.control.id}|${cast.c2.id}`);
    expect(pairsProposed).toContain(`${cast.m3.id}|${cast.r4.id}`);
    const optedOut = [cast.optedOutManager.id, cast.optedOutReport.id];
    expect(proposals.filter((p) => optedOut.includes(p.managerId) || optedOut.includes(p.reportId))).toEqual(
      [],
    );
    // Nor a series booked for them.
    const booked = demo.sim
      .requests()
      .filter((r) => r.method === "POST" && /\/events$/.test(r.url.split("?")[0]!))
      .map((r) => JSON.stringify(r.requestBody) + r.url);
    expect(booked.length).toBeGreaterThan(0);
    for (const person of [cast.optedOutManager, cast.optedOutReport]) {
      expect(booked.filter((b) => mentions(b, person))).toEqual([]);
    }
  });

  it("get no agenda, proposal or digest card, and nobody gets one about their pairs", () => {
    const conversations = demo.sim.teams.conversationList();
    const to = (user: FixtureUser) =>
      conversations.filter((c) => c.userId === user.id).flatMap((c) => c.activities);
    // The control manager and report have their 1:1 tomorrow: both got its agenda; the manager got a proposal card
    // and the digest for the report never met. Manager M3 got the digest line for R4, whose name shows there.
    expect(to(cast.control).length).toBeGreaterThanOrEqual(2);
    expect(to(cast.c1).length).toBeGreaterThanOrEqual(1);
    expect(to(cast.m3).some((a) => JSON.stringify(a.attachments).includes(cast.r4.displayName))).toBe(true);
    expect(to(cast.control).some((a) => JSON.stringify(a.attachments).includes(cast.c2.displayName))).toBe(
      true,
    );

    // The opted-out manager, their reports (whose only pair is with them) and the opted-out report: nothing at all.
    for (const user of [cast.optedOutManager, cast.r1, cast.r2, cast.optedOutReport]) {
      expect(to(user), user.displayName).toEqual([]);
    }
    // No card to anyone (M3's digest, the opted-out manager's own manager) names an opted-out person.
    for (const person of [cast.optedOutManager, cast.optedOutReport]) {
      const about = conversations.flatMap((c) =>
        c.activities.filter((a) => mentions(JSON.stringify(a), person)).map(() => c.userId),
      );
      expect(about, person.displayName).toEqual([]);
    }
    // The admins' report names no pair of theirs: it names the report never met of the control manager, but not
    // the opted-out report; the opted-out manager has a row of counts only, every pair of it "excluded" (the
    // report counts excluded pairs; its people filter lists every manager).
    expect(mentions(reportHtml, cast.c2)).toBe(true);
    expect(mentions(reportHtml, cast.optedOutReport)).toBe(false);
    const rows = [...reportHtml.matchAll(/<tr [^>]*>.*?<\/tr>/gs)].map((m) => m[0]);
    const managerRows = rows.filter((r) => r.includes(cast.optedOutManager.userPrincipalName));
    expect(managerRows.length).toBeGreaterThan(0);
    for (const row of managerRows) expect(row).toContain('data-statuses="[&quot;excluded&quot;]"');
    // Nor the admins' weekly digest.
    for (const person of [cast.optedOutManager, cast.optedOutReport]) {
      expect(demo.sim.cards().filter((c) => mentions(JSON.stringify(c.body), person))).toEqual([]);
    }
  });
});

function mentions(text: string, person: FixtureUser): boolean {
  return [person.id, person.userPrincipalName, person.displayName].some((n) => text.includes(n));
}

/** Every secret of the run, with what kind of secret it is. */
function secretList(): { kind: string; value: string }[] {
  const env = demo.env;
  const subscriptionStates = demo.sim
    .requests()
    .filter((r) => r.method === "POST" && /\/subscriptions$/.test(r.url.split("?")[0]!))
    .map((r) => (r.requestBody as { clientState?: string } | undefined)?.clientState)
    .filter((s): s is string => !!s);
  const tokens = [
    ...issuedTokens.map((t) => ["access token", t] as const),
    ...channelTokens.map((t) => ["Bot Framework channel token", t] as const),
  ];
  return [
    // One Entra app is both the Graph client and the bot in the simulator: its secret is the bot's secret too.
    { kind: "client secret (Graph and bot)", value: env.GRAPH_CLIENT_SECRET! },
    { kind: "notification clientState setting", value: env.CADENCE_NOTIFICATION_CLIENT_STATE! },
    ...[...new Set(subscriptionStates)].map((value) => ({ kind: "subscription clientState", value })),
    { kind: "Workflows webhook URL", value: env.CADENCE_DIGEST_WEBHOOK_URL! },
    { kind: "Workflows webhook sig", value: webhookSig },
    { kind: "storage account key", value: AZURITE_KEY },
    { kind: "storage connection string", value: env.AzureWebJobsStorage! },
    { kind: "host master key", value: env.CADENCE_HOST_MASTER_KEY! },
    { kind: "host function key", value: env.CADENCE_HOST_FUNCTION_KEY! },
    // A token cut short in a log line would still be a credential's signature: look for each part alone too.
    ...tokens.flatMap(([kind, token]) => [
      { kind, value: token },
      { kind: `${kind} signature`, value: token.split(".")[2]! },
    ]),
  ];
}

function summarize(kinds: string[]): string {
  const counts = new Map<string, number>();
  for (const k of kinds) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${n} ${k}`).join(", ");
}

/** Replaces `target[method]` with a wrapper that records each resolved value; returns the undo. */
function record<T extends object, K extends keyof T>(target: T, method: K, into: string[]): () => void {
  const original = target[method] as (...args: unknown[]) => Promise<string>;
  target[method] = async function (this: unknown, ...args: unknown[]) {
    const value = await original.apply(this, args);
    into.push(value);
    return value;
  } as T[K];
  return () => {
    target[method] = original as T[K];
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const port = (server.address() as { port: number }).port;
  await new Promise((ok) => server.close(ok));
  return port;
}

/** Fires a timer function through the host's admin endpoint and waits for its invocation to finish. */
async function fireTimer(name: string): Promise<void> {
  const done = `Executed 'Functions.${name}'`;
  const before = lines.filter((l) => l.includes(done)).length;
  const res = await fetch(`${demo.host.url}/admin/functions/${name}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-functions-key": demo.masterKey },
    body: JSON.stringify({ input: "" }),
  });
  expect(res.status).toBe(202);
  const deadline = Date.now() + 120_000;
  while (lines.filter((l) => l.includes(done)).length === before) {
    if (Date.now() > deadline) throw new Error(`${name} did not finish`);
    await new Promise((r) => setTimeout(r, 250));
  }
  expect(lines.filter((l) => l.includes(done)).at(-1)).toContain("Succeeded");
}

/** The subjects of the series Cadence created, read back from the organizers' calendars. */
async function createdSeriesSubjects(): Promise<string[]> {
  const gateway = simulatorGateway(demo.sim);
  const created = storage.proposals.filter((p) => p.state === "created" && p.seriesId);
  const subjects: string[] = [];
  for (const p of created) {
    const event = await gateway.get<{ subject: string }>(
      `/users/${p.managerId}/events/${encodeURIComponent(p.seriesId!)}?$select=subject`,
    );
    subjects.push(event.subject);
  }
  return subjects;
}

interface StorageContents {
  tables: string[];
  queues: string[];
  entities: number;
  messages: number;
  /** Everything readable, opened (JSON walked, base64 decoded, gzip inflated), with where it was. */
  texts: { where: string; text: string }[];
  /** Binary values that could not be opened: the scan could not see into them. */
  opaque: string[];
  proposals: { managerId: string; reportId: string; state: string; seriesId: string | null }[];
}

/** Reads every entity of every table and every message of every queue in the account. */
async function readStorage(connection: string): Promise<StorageContents> {
  const out: StorageContents = {
    tables: [],
    queues: [],
    entities: 0,
    messages: 0,
    texts: [],
    opaque: [],
    proposals: [],
  };
  const tableService = TableServiceClient.fromConnectionString(connection, { allowInsecureConnection: true });
  for await (const table of tableService.listTables()) {
    const name = table.name!;
    out.tables.push(name);
    const client = TableClient.fromConnectionString(connection, name, { allowInsecureConnection: true });
    // Chunked gzip (a value split over rows) only opens once its rows are joined, per partition in key order.
    const chunks = new Map<string, { where: string; bytes: Buffer }[]>();
    for await (const entity of client.listEntities()) {
      out.entities++;
      const where = `table ${name} ${entity.partitionKey}/${entity.rowKey}`;
      for (const [key, value] of Object.entries(entity)) {
        if (value instanceof Uint8Array) {
          const group = `${name} ${entity.partitionKey}`;
          chunks.set(group, [
            ...(chunks.get(group) ?? []),
            { where: `${where}.${key}`, bytes: Buffer.from(value) },
          ]);
        } else if (typeof value === "string") {
          out.texts.push(...open(value).map((text) => ({ where: `${where}.${key}`, text })));
        }
      }
      if (name === "cadenceProposals" && typeof entity.data === "string") {
        out.proposals.push(JSON.parse(entity.data) as StorageContents["proposals"][number]);
      }
    }
    for (const [group, parts] of chunks) {
      const joined = openBytes(Buffer.concat(parts.map((p) => p.bytes)));
      if (joined !== undefined) {
        out.texts.push(...open(joined).map((text) => ({ where: `table ${group} (rows joined)`, text })));
        continue;
      }
      for (const part of parts) {
        const opened = openBytes(part.bytes);
        if (opened === undefined) out.opaque.push(part.where);
        else out.texts.push(...open(opened).map((text) => ({ where: part.where, text })));
      }
    }
  }
  const queueService = QueueServiceClient.fromConnectionString(connection);
  for await (const queue of queueService.listQueues()) {
    out.queues.push(queue.name);
    const client = queueService.getQueueClient(queue.name);
    // Receiving (not peeking, which shows 32 at most) hides each message for a while: the host is closed.
    for (;;) {
      const got = await client.receiveMessages({ numberOfMessages: 32, visibilityTimeout: 600 });
      if (got.receivedMessageItems.length === 0) break;
      for (const m of got.receivedMessageItems) {
        out.messages++;
        out.texts.push(...open(m.messageText).map((text) => ({ where: `queue ${queue.name}`, text })));
      }
    }
  }
  return out;
}

/** The text and everything inside it: JSON string values, base64 that decodes to text or gzip, recursively. */
function open(text: string, depth = 0): string[] {
  const found = [text];
  if (depth > 4) return found;
  try {
    const json = JSON.parse(text) as unknown;
    const strings: string[] = [];
    const walk = (v: unknown) => {
      if (typeof v === "string") strings.push(v);
      else if (v && typeof v === "object") for (const x of Object.values(v)) walk(x);
    };
    walk(json);
    for (const s of strings) if (s !== text) found.push(...open(s, depth + 1));
  } catch {
    // not JSON
  }
  if (text.length >= 8 && /^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) {
    const opened = openBytes(Buffer.from(text, "base64"));
    if (opened !== undefined && opened !== text) found.push(...open(opened, depth + 1));
  }
  return found;
}

function openBytes(bytes: Buffer): string | undefined {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      return gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH }).toString("utf8");
    } catch {
      return undefined;
    }
  }
  const text = bytes.toString("utf8");
  // Text that round-trips and has no control characters but whitespace.
  const control = [...text].some((ch) => {
    const code = ch.charCodeAt(0);
    return code < 9 || (code > 13 && code < 32);
  });
  return Buffer.from(text, "utf8").equals(bytes) && !control ? text : undefined;
}

interface StorageProxy {
  port: number;
  /** Where requests go: set once Azurite runs. */
  target: number;
}

/** The connection string with its table and queue endpoints behind the recording proxies (same paths, keys). */
function proxiedStorage(connection: string, proxies: Record<"table" | "queue", StorageProxy>): string {
  return connection.replace(/(TableEndpoint|QueueEndpoint)=http:\/\/127\.0\.0\.1:(\d+)/g, (_, name, port) => {
    const proxy = proxies[name === "TableEndpoint" ? "table" : "queue"];
    proxy.target = Number(port);
    return `${name}=http://127.0.0.1:${proxy.port}`;
  });
}

/** Forwards every request unchanged to its target, keeping the bodies of writes. */
async function recordingProxy(kind: "table" | "queue"): Promise<StorageProxy> {
  const proxy: StorageProxy = { port: 0, target: 0 };
  const server = createHttpServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (chunk: Buffer) => parts.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(parts);
      if (req.method !== "GET" && req.method !== "DELETE" && body.length > 0)
        storageWrites.push({
          where: `${kind} ${req.method} ${req.url?.split("?")[0]}`,
          body: body.toString("utf8"),
        });
      const out = httpRequest(
        { host: "127.0.0.1", port: proxy.target, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      out.on("error", () => res.destroy());
      out.end(body);
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  proxy.port = (server.address() as { port: number }).port;
  stops.push(
    () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  );
  return proxy;
}

/** A recorded write opened: queue message texts, and each JSON line of a table request or batch. */
function openWrite(write: { where: string; body: string }): { where: string; text: string }[] {
  const texts = [write.body];
  for (const m of write.body.matchAll(/<MessageText>([^<]*)<\/MessageText>/g)) texts.push(m[1]!);
  for (const line of write.body.split(/\r?\n/)) if (line.trim().startsWith("{")) texts.push(line.trim());
  return texts.flatMap((t) => open(t)).map((text) => ({ where: `write ${write.where}`, text }));
}
