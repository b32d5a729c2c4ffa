// `POST /v1.0/$batch` (JSON batching): up to 20 entries through the same dispatcher, dependsOn, any order.
import { z } from "zod";
import type { SimClock } from "../types.js";
import type { DispatchOutput, GraphDispatcher } from "./graphDispatcher.js";
import { graphErrorBody } from "./graphErrors.js";
import type { VerifiedCaller } from "./identity.js";
import type { Rng } from "./random.js";

export const MAX_BATCH_REQUESTS = 20;

export const batchRequestSchema = z.object({
  requests: z.array(
    z.object({
      id: z.string().min(1),
      method: z.string().min(1),
      url: z.string().min(1),
      headers: z.record(z.string(), z.string()).optional(),
      body: z.unknown().optional(),
      dependsOn: z.array(z.string()).optional(),
    }),
  ),
});
export type BatchRequest = z.infer<typeof batchRequestSchema>;

export interface BatchEntryResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

/** Validates the envelope; returns the reason Graph would give for rejecting the whole batch with 400. */
export function checkBatch(
  body: unknown,
): { ok: true; batch: BatchRequest } | { ok: false; message: string } {
  const parsed = batchRequestSchema.safeParse(body);
  if (!parsed.success) return { ok: false, message: "Invalid batch payload format." };
  const { requests } = parsed.data;
  if (requests.length > MAX_BATCH_REQUESTS) {
    return { ok: false, message: `Number of batch requests exceeds the maximum of ${MAX_BATCH_REQUESTS}.` };
  }
  const ids = new Set<string>();
  for (const r of requests) {
    const key = r.id.toLowerCase();
    if (ids.has(key))
      return { ok: false, message: `Batch request ids must be unique; '${r.id}' is repeated.` };
    ids.add(key);
  }
  for (const r of requests) {
    for (const d of r.dependsOn ?? []) {
      if (!ids.has(d.toLowerCase()) || d.toLowerCase() === r.id.toLowerCase()) {
        return { ok: false, message: `Request '${r.id}' depends on '${d}', which is not in the batch.` };
      }
    }
  }
  if (hasCycle(requests)) return { ok: false, message: "The dependsOn chain of the batch has a cycle." };
  return { ok: true, batch: parsed.data };
}

/** Runs a checked batch. Independent entries run concurrently (and count against mailbox concurrency). */
export async function runBatch(
  batch: BatchRequest,
  ctx: {
    dispatcher: GraphDispatcher;
    caller: VerifiedCaller;
    batchId: string;
    clientRequestId: string;
    clock: SimClock;
    rng: Rng;
  },
): Promise<BatchEntryResponse[]> {
  const results = new Map<string, Promise<BatchEntryResponse>>();
  const byId = new Map(batch.requests.map((r) => [r.id.toLowerCase(), r]));
  const start = (id: string): Promise<BatchEntryResponse> => {
    const existing = results.get(id);
    if (existing) return existing;
    const entry = byId.get(id)!;
    const deps = (entry.dependsOn ?? []).map((d) => start(d.toLowerCase()));
    const run = (): Promise<BatchEntryResponse> => {
      const headers = Object.fromEntries(
        Object.entries(entry.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
      );
      if (entry.body !== undefined && !headers["content-type"]) {
        return Promise.resolve(
          entryError(
            entry.id,
            400,
            "BadRequest",
            "Content-Type header must be specified when a body is sent.",
            ctx,
          ),
        );
      }
      if (!entry.url.startsWith("/") && /^[a-z]+:/i.test(entry.url)) {
        // Absolute URLs are not allowed inside a batch: Graph resolves them as a path segment.
        return Promise.resolve(
          entryError(
            entry.id,
            400,
            "BadRequest",
            `Resource not found for the segment '${entry.url.split("/")[0]}'.`,
            ctx,
          ),
        );
      }
      const url = entry.url.startsWith("/") ? entry.url : `/${entry.url}`;
      return ctx.dispatcher
        .dispatch({
          method: entry.method,
          url,
          headers,
          body: entry.body,
          caller: ctx.caller,
          batch: { batchId: ctx.batchId, entryId: entry.id },
        })
        .then((out) => toEntry(entry.id, out));
    };
    // Entries without dependencies start in this tick, in order; dependants wait for theirs.
    const promise =
      deps.length === 0
        ? run()
        : Promise.all(deps).then((done) => {
            const failed = done.find((d) => d.status >= 400);
            return failed
              ? entryError(entry.id, 424, "FailedDependency", `Dependency '${failed.id}' failed.`, ctx)
              : run();
          });
    results.set(id, promise);
    return promise;
  };
  for (const r of batch.requests) start(r.id.toLowerCase());
  const responses = await Promise.all(batch.requests.map((r) => results.get(r.id.toLowerCase())!));
  return ctx.rng.shuffle(responses);
}

function toEntry(id: string, out: DispatchOutput): BatchEntryResponse {
  if (out.reset) {
    // An entry has no connection of its own to drop; Graph reports a failed backend call as 503.
    return {
      id,
      status: 503,
      headers: { "retry-after": "1" },
      body: { error: { code: "ServiceUnavailable", message: "The backend connection was reset." } },
    };
  }
  const headers = Object.fromEntries(
    Object.entries(out.headers)
      .filter(([k]) => k === "content-type" || k === "retry-after" || k === "location" || k === "etag")
      .map(([k, v]) => [k === "content-type" ? "Content-Type" : k === "retry-after" ? "Retry-After" : k, v]),
  );
  return { id, status: out.status, headers, ...(out.body !== undefined ? { body: out.body } : {}) };
}

function entryError(
  id: string,
  status: number,
  code: string,
  message: string,
  ctx: { batchId: string; clientRequestId: string; clock: SimClock },
): BatchEntryResponse {
  return {
    id,
    status,
    headers: { "Content-Type": "application/json" },
    body: graphErrorBody(
      code,
      message,
      { requestId: ctx.batchId, clientRequestId: ctx.clientRequestId },
      ctx.clock,
    ),
  };
}

function hasCycle(requests: BatchRequest["requests"]): boolean {
  const deps = new Map(
    requests.map((r) => [r.id.toLowerCase(), (r.dependsOn ?? []).map((d) => d.toLowerCase())]),
  );
  const state = new Map<string, "visiting" | "done">();
  const visit = (id: string): boolean => {
    if (state.get(id) === "done") return false;
    if (state.get(id) === "visiting") return true;
    state.set(id, "visiting");
    for (const d of deps.get(id) ?? []) if (visit(d)) return true;
    state.set(id, "done");
    return false;
  };
  return [...deps.keys()].some(visit);
}
