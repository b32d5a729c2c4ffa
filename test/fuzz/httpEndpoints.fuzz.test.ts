// Fuzzed requests to every HTTP function through the local Functions host: random bodies (JSON, bytes, huge
// strings, wrong content types), query strings and route parameters are answered with a 2xx or a 4xx carrying a
// JSON `{ code, message }` (functions/errorResponse.ts), never a 500 or a crash. The endpoints come from the
// host's registrations, so a new endpoint without a fuzz case fails here.
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HttpFunctionSpec } from "../../dev/host/functionSpecs.js";
import { type RunningHost, startHost } from "../../dev/host/startHost.js";
import { type Simulator, startSimulator } from "../../dev/sim/server.js";
import { simulatorSettings } from "../../dev/sim/simulatorSettings.js";
import { type AzuriteHandle, startAzurite } from "../../dev/storage/startAzurite.js";
import { CARD_VERBS } from "../../shared/domain/agenda/cardVerbs.js";
import { ROB_ID, TEAMS_FIXTURE } from "../dev/sim/teams/teamsFixture.js";
import { FUZZ_SEED, garbageValue } from "./fuzzValues.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const MASTER_KEY = "fuzz-master-key";
const CLIENT_STATE = "fuzz-client-state";
/** Requests per endpoint: each crosses the host, a worker process and Azurite, so fewer than the pure properties. */
const RUNS_PER_ENDPOINT = 40;
/** An accepted POST /api/scans starts a whole scan in the background: fewer of those. */
const RUNS: Record<string, number> = { scanTenantHttp: 20 };

let azurite: AzuriteHandle;
let sim: Simulator;
let host: RunningHost;
/** Ids of the proposals the seeded plan made: answered with fuzzed bodies. */
const proposalIds: string[] = [];
/** The seeded scan's run id. */
const runIds: string[] = [];

beforeAll(async () => {
  azurite = await startAzurite();
  sim = await startSimulator({ fixture: TEAMS_FIXTURE });
  host = await startHost({
    appDir: repoRoot,
    main: "functions/*.ts",
    port: 0,
    log: () => {},
    env: {
      AzureWebJobsStorage: azurite.connectionString,
      CADENCE_SCAN_SCHEDULE: "0 0 2 1 1 *",
      CADENCE_NOW: TEAMS_FIXTURE.now,
      CADENCE_HOST_MASTER_KEY: MASTER_KEY,
      CADENCE_NOTIFICATION_URL: "https://cadence.example/api/graph/notifications",
      CADENCE_NOTIFICATION_CLIENT_STATE: CLIENT_STATE,
      ...simulatorSettings(sim),
    },
  });
  await seedScanAndProposals();
}, 120_000);

/** A complete scan and its proposals, so fuzzed requests reach the report, the plans and real proposals. */
async function seedScanAndProposals(): Promise<void> {
  const headers = { "x-functions-key": MASTER_KEY, "x-ms-client-principal": admin };
  const started = await fetch(`${host.url}/api/scans?mode=full`, { method: "POST", headers });
  const { runId } = (await started.json()) as { runId: string };
  runIds.push(runId);
  for (let i = 0; i < 240; i++) {
    const run = await fetch(`${host.url}/api/scans/${encodeURIComponent(runId)}`, { headers });
    if (((await run.json()) as { state?: string }).state === "complete") break;
    await new Promise((r) => setTimeout(r, 250));
  }
  expect((await fetch(`${host.url}/api/plans`, { method: "POST", headers })).status).toBe(200);
  const listed = await fetch(`${host.url}/api/proposals`, { headers });
  const { proposals } = (await listed.json()) as { proposals: Array<{ proposalId: string }> };
  proposalIds.push(...proposals.map((p) => p.proposalId));
  expect(proposalIds.length).toBeGreaterThan(0);
}

afterAll(async () => {
  await host?.close();
  await sim?.close();
  await azurite?.stop();
});

/** One fuzzed request: the route's parameters, a query, and a body with its content type. */
interface FuzzRequest {
  params: Record<string, string>;
  query: Array<[string, string]>;
  contentType: string | null;
  body: Uint8Array | string | null;
  headers?: Record<string, string>;
}

const jsonText = (value: unknown) => JSON.stringify(value) ?? "null";

/** Strings a query value or a route parameter may be: unicode, separators, encodings, very long. */
const oddText = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.constantFrom(
    "",
    " ",
    "..",
    "%",
    "%00",
    "../../admin",
    "a/b",
    "'; DROP TABLE pairs;--",
    "<script>alert(1)</script>",
    "\u0000",
    "\ud800",
    "null",
    "2026-11-25T09:00:00Z",
    "9999-99-99T99:99:99Z",
    "-1",
    "1e309",
  ),
  fc.nat({ max: 5000 }).map((n) => "x".repeat(n)),
);

const bodyArb: fc.Arbitrary<Pick<FuzzRequest, "contentType" | "body">> = fc.record({
  contentType: fc.constantFrom(
    null,
    "application/json",
    "application/json; charset=utf-8",
    "text/plain",
    "application/x-www-form-urlencoded",
    "application/octet-stream",
    "multipart/form-data; boundary=x",
    "application/json; charset=utf-16",
  ),
  body: fc.oneof(
    fc.constant(null),
    fc.jsonValue({ maxDepth: 3 }).map(jsonText),
    fc.uint8Array({ maxLength: 256 }),
    fc.string({ unit: "grapheme", maxLength: 100 }),
    fc.constantFrom("{", "[", '{"a":', "\ufeff{}", "{}", "[]", "null", "0", '""', "true"),
    fc.nat({ max: 200_000 }).map((n) => jsonText({ value: "y".repeat(n) })),
  ),
});

/** Query pairs: names the endpoint reads (with odd values), repeated names, and names it doesn't know. */
const queryArb = (known: readonly string[], values: fc.Arbitrary<string> = oddText) =>
  fc.array(fc.tuple(fc.oneof(fc.constantFrom(...known), fc.string({ maxLength: 8 })), values), {
    maxLength: 4,
  });

const noParams = fc.constant({} as Record<string, string>);

const requestArb = (
  params: fc.Arbitrary<Record<string, string>>,
  query: fc.Arbitrary<Array<[string, string]>>,
  body: fc.Arbitrary<Pick<FuzzRequest, "contentType" | "body">> = bodyArb,
): fc.Arbitrary<FuzzRequest> =>
  fc.tuple(params, query, body).map(([p, q, b]) => ({ params: p, query: q, ...b }));

const jsonBody = <T>(arb: fc.Arbitrary<T>) =>
  arb.map((value) => ({ contentType: "application/json", body: jsonText(value) }));

const cardActionValueArb = fc.record(
  {
    action: fc.oneof(
      fc.record(
        {
          type: fc.oneof(fc.constantFrom("Action.Execute", "Action.Submit"), garbageValue),
          verb: fc.oneof(fc.constantFrom(...Object.values(CARD_VERBS)), garbageValue),
          data: fc.oneof(fc.jsonValue({ maxDepth: 2 }), garbageValue),
        },
        { requiredKeys: [] },
      ),
      garbageValue,
    ),
    trigger: fc.oneof(fc.constant("manual"), garbageValue),
  },
  { requiredKeys: [] },
);

/** A Bot Framework activity, signed by the simulator's channel: its content is what is fuzzed. */
const activityArb = fc.record(
  {
    type: fc.oneof(
      fc.constantFrom("invoke", "message", "conversationUpdate", "installationUpdate"),
      garbageValue,
    ),
    name: fc.oneof(fc.constantFrom("adaptiveCard/action", "task/fetch"), garbageValue),
    from: fc.oneof(fc.constant({ id: `29:${ROB_ID}`, aadObjectId: ROB_ID }), garbageValue),
    conversation: fc.oneof(fc.constant({ id: "a:conv", conversationType: "personal" }), garbageValue),
    value: fc.oneof(garbageValue, cardActionValueArb),
  },
  { requiredKeys: ["type"] },
);

const notificationArb = fc.record(
  {
    subscriptionId: fc.oneof(fc.uuid(), garbageValue),
    clientState: fc.oneof(fc.constant(CLIENT_STATE), garbageValue),
    changeType: fc.oneof(fc.constantFrom("created", "updated", "deleted"), garbageValue),
    resource: fc.oneof(fc.constantFrom(`Users/${ROB_ID}/Events/AAM=`, "Users//Events/x"), garbageValue),
    lifecycleEvent: fc.oneof(
      fc.constantFrom("missed", "subscriptionRemoved", "reauthorizationRequired"),
      garbageValue,
    ),
    tenantId: garbageValue,
    subscriptionExpirationDateTime: fc.oneof(fc.constant("2026-11-27T09:00:00Z"), garbageValue),
  },
  { requiredKeys: [] },
);

/** A route parameter: a URL path carries UTF-8, so no lone surrogates. */
const nonEmpty = oddText.filter((s) => s.length > 0 && !/[\ud800-\udfff]/u.test(s));

/** What each endpoint is fuzzed with, keyed by function name; `signed` bodies get a valid channel token. */
const cases: Record<string, fc.Arbitrary<FuzzRequest & { signed?: boolean }>> = {
  answerProposal: fc.oneof(
    // A real proposal, a known action and a JSON body of the right or wrong shape.
    requestArb(
      fc.record({
        id: fc.nat().map((i) => proposalIds[i % proposalIds.length] ?? "none"),
        action: fc.constantFrom("accept", "snooze", "decline"),
      }),
      fc.constant([]),
      jsonBody(
        fc.oneof(
          fc.constant({}),
          fc.record({ slot: fc.integer({ min: -1, max: 3 }) }),
          fc.record({ days: fc.integer({ min: 0, max: 400 }) }),
          fc.record({ slot: garbageValue, days: garbageValue }, { requiredKeys: [] }),
        ),
      ),
    ),
    requestArb(
      fc.record({
        id: fc.oneof(
          nonEmpty,
          fc.nat().map((i) => proposalIds[i % proposalIds.length] ?? "none"),
        ),
        action: fc.oneof(fc.constantFrom("accept", "snooze", "decline", "ACCEPT"), nonEmpty),
      }),
      queryArb(["code"]),
      fc.oneof(
        bodyArb,
        jsonBody(
          fc.record(
            {
              slot: fc.oneof(fc.integer({ min: -3, max: 5 }), garbageValue),
              days: fc.oneof(fc.integer(), garbageValue),
            },
            { requiredKeys: [] },
          ),
        ),
      ),
    ),
  ),
  botMessages: fc.oneof(
    requestArb(noParams, queryArb(["x"])),
    requestArb(noParams, queryArb(["x"])).map((r) => ({ ...r, signed: true })),
    // A well-formed signed invoke whose card action value is fuzzed: it reaches the card action handler.
    requestArb(
      noParams,
      fc.constant([]),
      jsonBody(
        cardActionValueArb.map((value) => ({
          type: "invoke",
          name: "adaptiveCard/action",
          id: "f:1",
          channelId: "msteams",
          serviceUrl: "(set when sent)",
          from: { id: `29:${ROB_ID}`, aadObjectId: ROB_ID },
          conversation: { id: "a:conv", conversationType: "personal" },
          recipient: { id: "28:bot" },
          replyToId: "1:1",
          value,
        })),
      ),
    ).map((r) => ({ ...r, signed: true })),
    requestArb(
      noParams,
      fc.constant([]),
      jsonBody(
        activityArb.map((activity) => ({
          id: "f:1",
          channelId: "msteams",
          serviceUrl: "(set when sent)",
          recipient: { id: "28:bot" },
          replyToId: "1:1",
          ...activity,
        })),
      ),
    ).map((r) => ({ ...r, signed: true })),
  ),
  cadenceReport: requestArb(
    noParams,
    queryArb(
      ["format", "department", "manager", "code"],
      fc.oneof(fc.constantFrom("html", "json", "csv"), oddText),
    ),
  ),
  graphNotifications: fc.oneof(
    requestArb(noParams, queryArb(["validationToken"])),
    requestArb(
      noParams,
      fc.constant([]),
      jsonBody(fc.record({ value: fc.array(notificationArb, { maxLength: 3 }) })),
    ),
  ),
  health: requestArb(noParams, queryArb(["x"])),
  planSeries: requestArb(noParams, queryArb(["runId"])),
  proposals: requestArb(
    noParams,
    queryArb(
      ["manager", "state"],
      fc.oneof(fc.constantFrom("open", "accepted", "declined", "snoozed", ROB_ID), oddText),
    ),
  ),
  scanStatus: requestArb(
    fc.record({
      runId: fc.oneof(
        nonEmpty,
        fc.nat().map((i) => runIds[i % runIds.length] ?? "none"),
      ),
    }),
    queryArb(["x"]),
  ),
  // Mostly refused queries: an accepted one starts a (small) scan in the background.
  // It takes no body (any body → 413), so most cases send none and reach the query's validation.
  scanTenantHttp: requestArb(
    noParams,
    queryArb(["mode", "now"], fc.oneof(fc.constantFrom("auto", "full", "2026-11-25T09:00:00Z"), oddText)),
    fc.oneof(
      { arbitrary: fc.constant({ contentType: null, body: null }), weight: 3 },
      { arbitrary: bodyArb, weight: 1 },
    ),
  ),
};

/** Answers the design allows beyond 2xx/4xx: the report and health say 503 when there is nothing to show. */
const ALLOWED_5XX: Record<string, number[]> = { cadenceReport: [503], health: [503], answerProposal: [502] };

const admin = Buffer.from(
  JSON.stringify({
    auth_typ: "aad",
    name_typ: "name",
    role_typ: "roles",
    claims: [
      { typ: "name", val: "Ada" },
      { typ: "roles", val: "Cadence.Admin" },
    ],
  }),
).toString("base64");

function pathOf(spec: HttpFunctionSpec, params: Record<string, string>): string {
  return spec.route.replace(/\{(\w+)[^}]*\}/g, (_, name: string) => encodeURIComponent(params[name] ?? "x"));
}

async function send(spec: HttpFunctionSpec, request: FuzzRequest & { signed?: boolean }) {
  const url = new URL(`${host.url}/api/${pathOf(spec, request.params)}`);
  for (const [name, value] of request.query) url.searchParams.append(name, value);
  // The test means these requests to be let in: the host's master key and an admin principal.
  const headers: Record<string, string> = { "x-functions-key": MASTER_KEY, "x-ms-client-principal": admin };
  if (request.contentType) headers["content-type"] = request.contentType;
  if (request.signed) headers.authorization = `Bearer ${await sim.teams.signInboundToken()}`;
  let body = request.body;
  if (typeof body === "string" && body.includes('"(set when sent)"'))
    body = body.replace('"(set when sent)"', JSON.stringify(sim.teams.serviceUrl));
  const method = spec.methods[0]!;
  const res = await fetch(url, {
    method,
    headers,
    ...(body !== null && method !== "GET" && method !== "HEAD" ? { body } : {}),
  });
  return { status: res.status, contentType: res.headers.get("content-type") ?? "", text: await res.text() };
}

/** The error code an answer carries (a JSON error, or an invoke error inside a 200), for the run's summary. */
function codeOf(text: string): string {
  try {
    const body = JSON.parse(text) as { code?: unknown; value?: { code?: unknown } };
    return String(body.code ?? body.value?.code ?? "");
  } catch {
    return "";
  }
}

const httpSpecs = () => host.functions.filter((f): f is HttpFunctionSpec => f.kind === "http");

describe("every HTTP endpoint under fuzzed requests", () => {
  it("has a fuzz case for each registered HTTP function", () => {
    expect(Object.keys(cases).sort()).toEqual(
      httpSpecs()
        .map((f) => f.name)
        .sort(),
    );
  });

  for (const name of Object.keys(cases).sort()) {
    it(`${name}: answers 2xx or a JSON 4xx, never a 500`, async () => {
      const spec = httpSpecs().find((f) => f.name === name);
      const seen = new Set<string>();
      expect(spec, `${name} is no longer registered`).toBeDefined();
      await fc.assert(
        fc.asyncProperty(cases[name]!, async (request) => {
          const answer = await send(spec!, request);
          seen.add(`${answer.status} ${codeOf(answer.text)}`.trim());
          const allowed = answer.status < 500 || (ALLOWED_5XX[name] ?? []).includes(answer.status);
          expect(allowed, `${answer.status} ${answer.text.slice(0, 300)}`).toBe(true);
          if (answer.status >= 400 && answer.status < 500) {
            expect(answer.contentType).toMatch(/^application\/json/);
            const error = JSON.parse(answer.text) as { code?: unknown; message?: unknown };
            expect(typeof error.code === "string" && error.code.length > 0, answer.text).toBe(true);
            expect(typeof error.message, answer.text).toBe("string");
          }
        }),
        { seed: FUZZ_SEED, numRuns: RUNS[name] ?? RUNS_PER_ENDPOINT },
      );
      // The fuzz reached each endpoint's work, not only its refusals.
      expect(
        [...seen].some((answer) => answer.startsWith("2")),
        [...seen].join(", "),
      ).toBe(true);
    }, 120_000);
  }
});
