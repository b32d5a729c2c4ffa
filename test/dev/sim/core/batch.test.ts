import { BatchRequestContent, BatchResponseContent } from "@microsoft/microsoft-graph-client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../../../dev/sim/server.js";
import { graphClientFor } from "../../../helpers/graphClientFor.js";
import { ADA_ID, BO_ID, STAND_IN_FIXTURE, standInRoutes } from "../../../helpers/standInTenant.js";

interface Entry {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: { error?: { code: string; message: string } };
}

let sim: Simulator;
const view = "startDateTime=2026-11-01T00:00:00Z&endDateTime=2026-11-30T00:00:00Z";

beforeAll(async () => {
  sim = await startSimulator({ fixture: STAND_IN_FIXTURE, areas: [], routes: standInRoutes });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.setProfile({});
  sim.clearRequests();
});

const batch = async (requests: unknown[]): Promise<Entry[]> => {
  const res = (await graphClientFor(sim, { retry: false }).api("/$batch").post({ requests })) as {
    responses: Entry[];
  };
  return res.responses;
};
const byId = (entries: Entry[]) => Object.fromEntries(entries.map((e) => [e.id, e]));

describe("$batch", () => {
  it("dispatches each entry through the same route table, records it with the batch id, and answers all", async () => {
    const entries = byId(
      await batch([
        { id: "1", method: "GET", url: `/users/${ADA_ID}` },
        { id: "2", method: "GET", url: `users/${BO_ID}/calendarView?${view}` },
        { id: "3", method: "GET", url: "/users/nobody" },
      ]),
    );
    expect(entries["1"]).toMatchObject({ status: 200, body: { displayName: "Ada Manager" } });
    expect(entries["2"]).toMatchObject({ status: 200, body: { value: [] } });
    expect(entries["3"]).toMatchObject({
      status: 404,
      body: { error: { code: "Request_ResourceNotFound" } },
    });
    const recorded = sim.requests();
    const envelope = recorded.find((r) => r.kind === "batch")!;
    const inner = recorded.filter((r) => r.kind === "graph");
    expect(inner).toHaveLength(3);
    expect(new Set(inner.map((r) => r.batchId))).toEqual(new Set([envelope.requestId]));
    expect(inner.find((r) => r.batchEntryId === "2")).toMatchObject({ mailbox: BO_ID, status: 200 });
  });

  it("rejects more than 20 requests with 400 for the whole batch", async () => {
    const requests = Array.from({ length: 21 }, (_, i) => ({
      id: String(i + 1),
      method: "GET",
      url: `/users/${ADA_ID}`,
    }));
    const err = await graphClientFor(sim, { retry: false })
      .api("/$batch")
      .post({ requests })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 400, code: "BadRequest" });
    expect((err as Error).message).toContain("20");
    expect(await batch(requests.slice(0, 20))).toHaveLength(20);
  });

  it("answers an entry whose URL carries the version segment with 400, as Graph does", async () => {
    const entries = byId(
      await batch([
        { id: "a", method: "GET", url: `/v1.0/users/${ADA_ID}` },
        { id: "b", method: "GET", url: `https://graph.microsoft.com/v1.0/users/${ADA_ID}` },
        { id: "c", method: "GET", url: `/users/${ADA_ID}` },
      ]),
    );
    expect(entries.a).toMatchObject({
      status: 400,
      body: { error: { message: "Resource not found for the segment 'v1.0'." } },
    });
    expect(entries.b?.status).toBe(400);
    expect(entries.c?.status).toBe(200);
  });

  it("fails dependants of a failed entry with 424 and runs dependants of a successful one", async () => {
    const entries = byId(
      await batch([
        { id: "1", method: "GET", url: "/users/nobody" },
        { id: "2", method: "GET", url: `/users/${ADA_ID}`, dependsOn: ["1"] },
        { id: "3", method: "GET", url: `/users/${BO_ID}`, dependsOn: ["2"] },
        { id: "4", method: "GET", url: `/users/${ADA_ID}` },
        {
          id: "5",
          method: "POST",
          url: `/users/${ADA_ID}/events`,
          dependsOn: ["4"],
          headers: { "Content-Type": "application/json" },
          body: { subject: "1:1" },
        },
      ]),
    );
    expect(entries["2"]).toMatchObject({ status: 424, body: { error: { code: "FailedDependency" } } });
    expect(entries["3"]?.status).toBe(424);
    expect(entries["5"]).toMatchObject({ status: 201, body: { subject: "1:1" } });
    // The dependants that failed never reached a handler.
    expect(
      sim
        .requests()
        .filter((r) => r.kind === "graph")
        .map((r) => r.batchEntryId)
        .sort(),
    ).toEqual(["1", "4", "5"]);
  });

  it("requires a Content-Type for an entry with a body, and rejects duplicate ids and unknown dependencies", async () => {
    const entries = await batch([
      { id: "1", method: "POST", url: `/users/${ADA_ID}/events`, body: { subject: "x" } },
    ]);
    expect(entries[0]?.status).toBe(400);
    for (const requests of [
      [
        { id: "1", method: "GET", url: "/users/a" },
        { id: "1", method: "GET", url: "/users/b" },
      ],
      [{ id: "1", method: "GET", url: "/users/a", dependsOn: ["9"] }],
      [{ id: "1", method: "GET" }],
    ]) {
      await expect(
        graphClientFor(sim, { retry: false }).api("/$batch").post({ requests }),
      ).rejects.toMatchObject({
        statusCode: 400,
      });
    }
  });

  it("counts entries for one mailbox against its concurrency: the fifth of five gets 429 with Retry-After", async () => {
    sim.setProfile({ mailboxConcurrency: 4, retryAfterSeconds: 0.5 });
    const requests = Array.from({ length: 5 }, (_, i) => ({
      id: String(i + 1),
      method: "GET",
      url: `/users/${BO_ID}/calendarView?${view}&n=${i}`,
    }));
    const entries = byId(await batch(requests));
    expect(["1", "2", "3", "4"].map((id) => entries[id]?.status)).toEqual([200, 200, 200, 200]);
    expect(entries["5"]).toMatchObject({
      status: 429,
      headers: { "Retry-After": "0.5" },
      body: {
        error: { code: "ApplicationThrottled", message: expect.stringContaining("MailboxConcurrency") },
      },
    });
    // Another mailbox in the same batch is not affected.
    const mixed = byId(
      await batch([
        ...requests.slice(0, 4),
        { id: "x", method: "GET", url: `/users/${ADA_ID}/calendarView?${view}` },
      ]),
    );
    expect(mixed.x?.status).toBe(200);
  });

  it("returns responses in a seeded order, the same for the same seed", async () => {
    const requests = Array.from({ length: 12 }, (_, i) => ({
      id: String(i + 1),
      method: "GET",
      url: `/users/${ADA_ID}`,
    }));
    const orders: string[][] = [];
    for (let run = 0; run < 2; run++) {
      sim.setProfile({ seed: 42 });
      const first = await batch(requests);
      orders.push(first.map((e) => e.id));
    }
    expect(orders[0]).toEqual(orders[1]);
    expect(orders[0]).not.toEqual(requests.map((r) => r.id));
  });

  it("works with the SDK's BatchRequestContent/BatchResponseContent given relative URLs", async () => {
    const content = new BatchRequestContent([
      { id: "1", request: new Request(`https://127.0.0.1/users/${ADA_ID}`, { method: "GET" }) },
    ]);
    const body = await content.getContent();
    expect(body.requests[0]?.url).toBe(`/users/${ADA_ID}`);
    const res = new BatchResponseContent(await graphClientFor(sim).api("/$batch").post(body));
    expect(await res.getResponseById("1").json()).toMatchObject({ id: ADA_ID });
  });
});
