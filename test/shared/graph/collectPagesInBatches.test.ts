// Pure scheduling logic over a fake gateway: how keys are packed into batches and how failures are kept per key.
import { describe, expect, it } from "vitest";
import { collectPagesInBatches } from "../../../shared/graph/collectPagesInBatches.js";
import { GraphRequestError } from "../../../shared/graph/GraphRequestError.js";
import { readEvents } from "../../../shared/graph/readEvents.js";
import type { BatchRequest, BatchResult, GraphGateway } from "../../../shared/graph/types.js";

/** Serves `/k/{key}?page=N` with `pages[key]` pages of one item each; records every batch it was sent. */
function fakeGateway(pages: Record<string, number>, fail: Record<string, BatchResult> = {}) {
  const batches: BatchRequest[][] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const perMailbox = new Map<string, number>();
  let maxPerMailbox = 0;
  const gateway: GraphGateway = {
    graphBaseUrl: "https://graph.example/v1.0",
    get: async () => {
      throw new Error("not used");
    },
    post: async () => {
      throw new Error("not used");
    },
    patch: async () => {
      throw new Error("not used");
    },
    delete: async () => {
      throw new Error("not used");
    },
    stats: () => ({
      requests: 0,
      httpRequests: 0,
      batches: batches.length,
      retries: 0,
      throttled: 0,
      bytesSent: 0,
      bytesReceived: 0,
      tokenRequests: 0,
    }),
    batch: async (requests) => {
      batches.push([...requests]);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const keys = requests.map((r) => /\/(?:k|users)\/([^/?]+)/.exec(r.url)![1]!);
      for (const k of keys) perMailbox.set(k, (perMailbox.get(k) ?? 0) + 1);
      maxPerMailbox = Math.max(maxPerMailbox, ...perMailbox.values());
      await new Promise((resolve) => setTimeout(resolve, 1));
      for (const k of keys) perMailbox.set(k, perMailbox.get(k)! - 1);
      inFlight--;
      return requests.map((r, i): BatchResult => {
        const key = keys[i]!;
        if (fail[key]) return fail[key]!;
        if (r.url.includes("/events/")) return { ok: true, status: 200, headers: {}, body: { id: r.url } };
        const page = Number(/page=(\d+)/.exec(r.url)?.[1] ?? "1");
        const last = page >= (pages[key] ?? 1);
        return {
          ok: true,
          status: 200,
          headers: {},
          body: {
            value: [`${key}#${page}`],
            ...(last
              ? { "@odata.deltaLink": `https://graph.example/v1.0/k/${key}?delta=1` }
              : { "@odata.nextLink": `https://graph.example/v1.0/k/${key}?page=${page + 1}` }),
          },
        };
      });
    },
  };
  return { gateway, batches, max: () => ({ inFlight: maxInFlight, perMailbox: maxPerMailbox }) };
}

const starts = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `m${i}`, url: `/k/m${i}?page=1` }));

describe("collectPagesInBatches", () => {
  it("packs first pages 20 to a batch and keeps at most `concurrency` batches in flight", async () => {
    const fake = fakeGateway({});
    const result = await collectPagesInBatches(fake.gateway, starts(65), { concurrency: 2 });
    expect(fake.batches.map((b) => b.length)).toEqual([20, 20, 20, 5]);
    expect(fake.max().inFlight).toBeLessThanOrEqual(2);
    expect(result.get("m64")).toEqual({
      ok: true,
      value: { items: ["m64#1"], pages: 1, deltaLink: "https://graph.example/v1.0/k/m64?delta=1" },
    });
  });

  it("follows nextLinks in later batches, one request per key in flight, pages in order", async () => {
    const fake = fakeGateway({ m0: 3, m1: 2 });
    const result = await collectPagesInBatches(fake.gateway, starts(3), { concurrency: 4 });
    for (const batch of fake.batches) {
      const keys = batch.map((r) => r.url.split("?")[0]);
      expect(new Set(keys).size).toBe(keys.length);
    }
    expect(fake.max().perMailbox).toBe(1);
    expect(fake.batches).toHaveLength(3);
    const m0 = result.get("m0");
    expect(m0?.ok && m0.value.items).toEqual(["m0#1", "m0#2", "m0#3"]);
  });

  it("keeps one key's failure to that key and skips duplicate keys", async () => {
    const error = new GraphRequestError("GRAPH.MAILBOX_NOT_ENABLED", "no mailbox", { status: 404 });
    const fake = fakeGateway({}, { m1: { ok: false, status: 404, error } });
    const result = await collectPagesInBatches(fake.gateway, [
      ...starts(3),
      { key: "m0", url: "/k/m0?page=9" },
    ]);
    expect(result.get("m1")).toEqual({ ok: false, error });
    expect(result.get("m0")?.ok).toBe(true);
    expect(fake.batches.flat()).toHaveLength(3);
  });

  it("stops and throws when the gateway fails for every key alike (e.g. a rejected token)", async () => {
    const fake = fakeGateway({});
    const error = new GraphRequestError("GRAPH.UNAUTHORIZED", "bad secret", { status: 401 });
    fake.gateway.batch = async () => {
      throw error;
    };
    await expect(collectPagesInBatches(fake.gateway, starts(50))).rejects.toBe(error);
  });

  it("marks a batch's keys failed when Graph stayed throttled, and goes on with the others", async () => {
    const fake = fakeGateway({});
    const original = fake.gateway.batch;
    let calls = 0;
    fake.gateway.batch = async (requests) => {
      if (calls++ === 0) throw new GraphRequestError("GRAPH.THROTTLED", "still throttled", { status: 429 });
      return original(requests);
    };
    const result = await collectPagesInBatches(fake.gateway, starts(25), { concurrency: 1 });
    expect([...result.values()].filter((r) => !r.ok)).toHaveLength(20);
    expect(result.get("m24")?.ok).toBe(true);
  });
});

describe("readEvents scheduling", () => {
  it("never has more than 4 requests of one mailbox in flight and answers in the refs' order", async () => {
    const fake = fakeGateway({});
    const refs = [
      ...Array.from({ length: 10 }, (_, i) => ({ mailbox: "ada", id: `e${i}` })),
      ...Array.from({ length: 30 }, (_, i) => ({ mailbox: `u${i}`, id: "x" })),
    ];
    const read = await readEvents(fake.gateway, refs, ["id"], { concurrency: 4 });
    expect(fake.max().perMailbox).toBeLessThanOrEqual(4);
    expect(read.map((r) => r.ok && (r.value.id as string).split("/events/")[1]!.split("?")[0])).toEqual(
      refs.map((r) => r.id),
    );
    expect(Math.max(...fake.batches.map((b) => b.length))).toBeLessThanOrEqual(20);
  });
});
