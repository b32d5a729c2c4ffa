// GET /api/proposals, POST /api/proposals/{id}/{action} and POST /api/plans through their real handlers, with the
// planner's ports replaced by the memory store and a fake calendar (the Graph adapters are tested on their own).
import { HttpRequest, InvocationContext } from "@azure/functions";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { SeriesProposal } from "../../shared/domain/seriesProposal.js";
import { MemoryScanStore } from "../../shared/store/memoryScanStore.js";
import type { PlanLatestScanPorts } from "../../shared/usecases/planLatestScan.js";
import { planSeries } from "../../shared/usecases/planSeries.js";
import { NOW, pair, schedulingPorts } from "../shared/usecases/schedulingFakes.js";

let ports: PlanLatestScanPorts & ReturnType<typeof schedulingPorts>;

vi.mock("../../shared/composition/schedulingPortsFromSettings.js", () => ({
  schedulingPortsFromSettings: async () => ports,
}));

const { proposalsHttp, proposalsQuerySchema } = await import("../../functions/proposals.js");
const { answerProposalHttp, proposalAnswerSchema } = await import("../../functions/answerProposal.js");
const { planSeriesHttp } = await import("../../functions/planSeries.js");
const { planSeriesQueueHandler } = await import("../../functions/planSeriesQueue.js");
const { seriesPlanPoisonOutput } = await import("../../functions/planQueue.js");

beforeAll(() => {
  Object.assign(process.env, {
    GRAPH_TENANT_ID: "contoso.onmicrosoft.com",
    GRAPH_CLIENT_ID: "client",
    GRAPH_CLIENT_SECRET: "secret",
    CADENCE_SCAN_SCHEDULE: "0 0 2 * * *",
  });
});

let proposals: SeriesProposal[];
let scans: MemoryScanStore;
beforeEach(async () => {
  scans = new MemoryScanStore();
  const withLatest = scans as MemoryScanStore & {
    latestCompleteRun(): Promise<{ runId: string } | undefined>;
  };
  withLatest.latestCompleteRun = async () => ({ runId: "run-1" });
  ports = { ...schedulingPorts(), scans: withLatest };
  await planSeries(ports, { pairs: [pair("anna", "marco"), pair("bruno", "carla")], scannedAt: NOW });
  proposals = await ports.store.list();
});

const principal = (claims: Array<[string, string]>) =>
  Buffer.from(
    JSON.stringify({
      auth_typ: "aad",
      name_typ: "name",
      role_typ: "roles",
      claims: claims.map(([typ, val]) => ({ typ, val })),
    }),
  ).toString("base64");
const asManager = (oid: string) => ({
  "x-ms-client-principal": principal([
    ["name", "Someone"],
    ["http://schemas.microsoft.com/identity/claims/objectidentifier", oid],
  ]),
});
const asAdmin = {
  "x-ms-client-principal": principal([
    ["name", "Ada"],
    ["roles", "Cadence.Admin"],
  ]),
};

const get = (query = "", headers: Record<string, string> = {}) =>
  proposalsHttp(
    new HttpRequest({ method: "GET", url: `http://127.0.0.1/api/proposals${query}`, headers }),
    new InvocationContext(),
  );
const answer = (id: string, action: string, body?: string, headers: Record<string, string> = {}) =>
  answerProposalHttp(
    new HttpRequest({
      method: "POST",
      url: `http://127.0.0.1/api/proposals/${id}/${action}`,
      params: { id, action },
      headers: { "content-type": "application/json", ...headers },
      ...(body === undefined ? {} : { body: { string: body } }),
    }),
    new InvocationContext(),
  );
const idOf = (manager: string) => proposals.find((p) => p.managerId === `id-${manager}`)!.proposalId;

describe("schemas", () => {
  it("check the query and the answers", () => {
    expect(proposalsQuerySchema.safeParse({ state: "proposed", manager: "id-anna" }).success).toBe(true);
    expect(proposalsQuerySchema.safeParse({ state: "maybe" }).success).toBe(false);
    expect(proposalAnswerSchema.parse({ action: "snooze" })).toEqual({ action: "snooze", days: 14 });
    expect(proposalAnswerSchema.safeParse({ action: "accept", slot: 3 }).success).toBe(false);
    expect(proposalAnswerSchema.safeParse({ action: "decline", reason: "x" }).success).toBe(false);
  });
});

describe("GET /api/proposals", () => {
  it("shows an admin (key or role) every proposal, filtered by manager or state", async () => {
    const all = await get();
    expect(all.status).toBe(200);
    expect((all.jsonBody as { proposals: SeriesProposal[] }).proposals).toHaveLength(2);
    const annas = await get("?manager=anna@contoso.com", asAdmin);
    expect((annas.jsonBody as { proposals: SeriesProposal[] }).proposals.map((p) => p.reportUpn)).toEqual([
      "marco@contoso.com",
    ]);
    const declined = await get("?state=declined");
    expect((declined.jsonBody as { proposals: SeriesProposal[] }).proposals).toEqual([]);
  });

  it("shows a manager only their own, and refuses a look at another's", async () => {
    const own = await get("", asManager("id-anna"));
    expect((own.jsonBody as { proposals: SeriesProposal[] }).proposals.map((p) => p.managerId)).toEqual([
      "id-anna",
    ]);
    expect((await get("?manager=id-bruno", asManager("id-anna"))).status).toBe(403);
  });

  it("answers 400 to a bad query and 401 to a malformed principal", async () => {
    expect((await get("?state=maybe")).jsonBody).toMatchObject({ code: "PROPOSAL.BAD_QUERY" });
    expect((await get("", { "x-ms-client-principal": "not base64 json" })).status).toBe(401);
  });
});

describe("POST /api/proposals/{id}/{action}", () => {
  it("lets the manager accept an alternative: one series is created", async () => {
    const res = await answer(idOf("anna"), "accept", '{"slot":1}', asManager("id-anna"));
    expect(res.status).toBe(200);
    expect(res.jsonBody).toMatchObject({
      outcome: "created",
      proposal: { state: "created", chosenSlot: 1, seriesId: "series-1" },
    });
    const again = await answer(idOf("anna"), "accept", "", asManager("id-anna"));
    expect(again.jsonBody).toMatchObject({ outcome: "created" });
    expect(ports.graph.events).toHaveLength(1);
  });

  it("refuses another manager, and lets an admin snooze or decline", async () => {
    expect((await answer(idOf("bruno"), "decline", "", asManager("id-anna"))).status).toBe(403);
    const snoozed = await answer(idOf("bruno"), "snooze", '{"days":7}', asAdmin);
    expect(snoozed.jsonBody).toMatchObject({
      outcome: "snoozed",
      proposal: { snoozedUntil: "2027-03-08T08:00:00.000Z" },
    });
    expect((await answer(idOf("anna"), "decline")).jsonBody).toMatchObject({ outcome: "declined" });
    expect((await answer(idOf("anna"), "accept")).status).toBe(409);
  });

  it("answers 400 to a bad body, 404 to an unknown id or action", async () => {
    expect((await answer(idOf("anna"), "accept", "{", asAdmin)).jsonBody).toMatchObject({
      code: "PROPOSAL.BAD_BODY",
    });
    expect((await answer(idOf("anna"), "snooze", '{"days":0}')).status).toBe(400);
    expect((await answer(idOf("anna"), "accept", "[1]")).status).toBe(400);
    expect((await answer("p1.eA.eQ", "decline")).jsonBody).toMatchObject({ code: "PROPOSAL.NOT_FOUND" });
    expect((await answer(idOf("anna"), "postpone")).status).toBe(404);
    expect(ports.graph.events).toHaveLength(0);
  });
});

describe("POST /api/plans", () => {
  it("plans from the latest complete scan for an admin, and refuses a manager", async () => {
    await scans.saveRun({
      runId: "run-1",
      mode: "full",
      now: NOW.toISOString(),
      startedAt: NOW.toISOString(),
      finishedAt: NOW.toISOString(),
      state: "complete",
      shardsTotal: 1,
      shardsDone: 1,
      pairs: 1,
      counts: { missing: 1 },
      errors: [],
    });
    await scans.writePairs([
      {
        ...pair("dora", "ezio"),
        runId: "run-1",
        lastHeld: null,
        nextScheduled: null,
        cadenceDays: null,
        seriesId: null,
        managerName: "Dora",
        reportName: "Ezio",
        department: null,
      },
    ]);
    const post = (headers: Record<string, string> = {}) =>
      planSeriesHttp(
        new HttpRequest({ method: "POST", url: "http://127.0.0.1/api/plans", headers }),
        new InvocationContext(),
      );
    expect((await post(asManager("id-dora"))).status).toBe(403);
    const res = await post();
    expect(res.status).toBe(200);
    expect(res.jsonBody).toMatchObject({ runId: "run-1", counts: { proposed: 1 } });
    expect((await ports.store.get("id-dora", "id-ezio"))?.proposal.state).toBe("proposed");
  });
});

describe("planSeriesQueue", () => {
  it("plans the completed run a message names, and throws on a message that can never succeed", async () => {
    await scans.saveRun({
      runId: "run-2",
      mode: "full",
      now: NOW.toISOString(),
      startedAt: NOW.toISOString(),
      finishedAt: NOW.toISOString(),
      state: "complete",
      shardsTotal: 1,
      shardsDone: 1,
      pairs: 1,
      counts: { lapsed: 1 },
      errors: [],
    });
    await scans.writePairs([
      {
        ...pair("fabio", "gaia", "lapsed"),
        runId: "run-2",
        lastHeld: null,
        nextScheduled: null,
        cadenceDays: null,
        seriesId: null,
        managerName: null,
        reportName: null,
        department: null,
      },
    ]);
    const logs: unknown[][] = [];
    const context = new InvocationContext({ logHandler: (_level, ...args) => logs.push(args) });
    await planSeriesQueueHandler({ runId: "run-2" }, context);
    expect((await ports.store.get("id-fabio", "id-gaia"))?.proposal.state).toBe("proposed");
    expect(logs.flat().join(" ")).toContain('"proposed":1');
    // A malformed message is not retried: it goes to the poison queue at once, with the reason logged.
    const malformed = new InvocationContext({ logHandler: (_level, ...args) => logs.push(args) });
    await planSeriesQueueHandler({ run: "x" }, malformed);
    expect(malformed.extraOutputs.get(seriesPlanPoisonOutput)).toBe('{"run":"x"}');
    expect(logs.flat().join(" ")).toContain("series-plans-poison: runId:");
  });
});
