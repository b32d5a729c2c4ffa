// The shared batch scheduler over a small fake gateway: packing, limits, follow-ups and whole-batch failures.
import { describe, expect, it } from "vitest";
import { GraphRequestError } from "../../../shared/graph/GraphRequestError.js";
import { type BatchJob, runBatched } from "../../../shared/graph/runBatched.js";
import type { BatchRequest, BatchResult, GraphGateway } from "../../../shared/graph/types.js";

/** Answers `/x/{n}` with `{ n }`; a batch containing `/x/boom` throws; records batches and in-flight peaks. */
function fake() {
  const batches: string[][] = [];
  let inFlight = 0;
  let peak = 0;
  const perGroup = new Map<string, number>();
  let groupPeak = 0;
  const notUsed = async (): Promise<never> => {
    throw new Error("not used");
  };
  const gateway: GraphGateway = {
    graphBaseUrl: "https://graph.example/v1.0",
    get: notUsed,
    post: notUsed,
    patch: notUsed,
    delete: notUsed,
    stats: () => ({
      requests: 0,
      httpRequests: 0,
      batches: 0,
      retries: 0,
      throttled: 0,
      bytesSent: 0,
      bytesReceived: 0,
      tokenRequests: 0,
    }),
    batch: async (requests: readonly BatchRequest[]) => {
      batches.push(requests.map((r) => r.url));
      inFlight++;
      peak = Math.max(peak, inFlight);
      const groups = requests.map((r) => r.url.split("/")[2]!.split("-")[0]!);
      for (const g of groups) perGroup.set(g, (perGroup.get(g) ?? 0) + 1);
      groupPeak = Math.max(groupPeak, ...perGroup.values());
      await new Promise((resolve) => setTimeout(resolve, 1));
      for (const g of groups) perGroup.set(g, perGroup.get(g)! - 1);
      inFlight--;
      if (requests.some((r) => r.url === "/x/boom")) {
        throw new GraphRequestError("GRAPH.UNAVAILABLE", "batch lost", { status: 503 });
      }
      return requests.map((r): BatchResult => ({ ok: true, status: 200, headers: {}, body: { url: r.url } }));
    },
  };
  return { gateway, batches, peaks: () => ({ inFlight: peak, perGroup: groupPeak }) };
}

const job = (url: string, group?: string): BatchJob => ({
  key: url,
  request: { method: "GET", url },
  ...(group ? { group } : {}),
});

describe("runBatched", () => {
  it("packs 20 to a batch, keeps `concurrency` batches in flight and answers per key", async () => {
    const f = fake();
    const jobs = Array.from({ length: 45 }, (_, i) => job(`/x/${i}`));
    const answers = await runBatched(f.gateway, jobs, { concurrency: 2 });
    expect(f.batches.map((b) => b.length)).toEqual([20, 20, 5]);
    expect(f.peaks().inFlight).toBe(2);
    expect(answers.size).toBe(45);
    const last = answers.get("/x/44");
    expect(last?.ok && last.body).toEqual({ url: "/x/44" });
  });

  it("holds a group to its in-flight limit across batches", async () => {
    const f = fake();
    const jobs = Array.from({ length: 10 }, (_, i) => job(`/x/a-${i}`, "a"));
    await runBatched(f.gateway, [...jobs, job("/x/b-0", "b")], { perGroupInFlight: 3 });
    expect(f.peaks().perGroup).toBe(3);
    expect(f.batches.flat()).toHaveLength(11);
  });

  it("runs follow-ups from onAnswer, and keeps the last answer per key", async () => {
    const f = fake();
    const seen: string[] = [];
    const answers = await runBatched(f.gateway, [job("/x/p1")], {
      onAnswer: (done) => {
        seen.push(done.request.url);
        return done.request.url === "/x/p1"
          ? [{ key: "/x/p1", request: { method: "GET", url: "/x/p2" } }]
          : [];
      },
    });
    expect(seen).toEqual(["/x/p1", "/x/p2"]);
    const answer = answers.get("/x/p1");
    expect(answer?.ok && answer.body).toEqual({ url: "/x/p2" });
  });

  it("fails only the jobs of a batch that failed as a whole, unless stopOn says stop", async () => {
    const f = fake();
    const jobs = [job("/x/boom"), ...Array.from({ length: 25 }, (_, i) => job(`/x/${i}`))];
    const answers = await runBatched(f.gateway, jobs, { concurrency: 1 });
    const failed = [...answers.values()].filter((a) => !a.ok);
    expect(failed).toHaveLength(20);
    expect(failed[0]?.ok === false && failed[0].status).toBe(503);
    expect(answers.get("/x/24")?.ok).toBe(true);

    const g = fake();
    await expect(runBatched(g.gateway, jobs, { concurrency: 1, stopOn: () => true })).rejects.toMatchObject({
      code: "GRAPH.UNAVAILABLE",
    });
    expect(g.batches).toHaveLength(1);
  });
});
