// Follows many paged collections at once, 20 per `$batch`: each key (a mailbox) has at most one request in
// flight, so Outlook's 4-concurrent-requests-per-mailbox limit is never approached, and a key's next page joins a
// later batch. Callers get whole collections per key, never a nextLink.
import { z } from "zod";
import type { KeyedResult } from "../usecases/ports/keyedResult.js";
import { GraphRequestError } from "./GraphRequestError.js";
import { toAppError } from "./toAppError.js";
import type { GraphGateway } from "./types.js";

export interface PagedStart {
  key: string;
  url: string;
  /** Sent with the first request and again with every nextLink (Prefer headers are not carried by links). */
  headers?: Record<string, string>;
}

export interface CollectedPages {
  items: unknown[];
  /** The `@odata.deltaLink` of the last page, for delta queries. */
  deltaLink?: string;
  pages: number;
}

export interface CollectOptions {
  /** `$batch` requests in flight at once; each holds distinct keys. */
  concurrency?: number;
}

const BATCH_SIZE = 20; // Graph's per-$batch limit
const TRANSIENT = new Set(["GRAPH.THROTTLED", "GRAPH.UNAVAILABLE"]);
const pageSchema = z.looseObject({
  value: z.array(z.unknown()),
  "@odata.nextLink": z.string().optional(),
  "@odata.deltaLink": z.string().optional(),
});

export async function collectPagesInBatches(
  gateway: GraphGateway,
  starts: readonly PagedStart[],
  options: CollectOptions = {},
): Promise<Map<string, KeyedResult<CollectedPages>>> {
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const results = new Map<string, KeyedResult<CollectedPages>>();
  const progress = new Map<string, CollectedPages>();
  const headersOf = new Map<string, Record<string, string> | undefined>();
  const ready: Array<{ key: string; url: string }> = [];
  for (const start of starts) {
    if (headersOf.has(start.key)) continue;
    headersOf.set(start.key, start.headers);
    progress.set(start.key, { items: [], pages: 0 });
    ready.push({ key: start.key, url: start.url });
  }

  const inFlight = new Set<Promise<void>>();
  let fatal: unknown;
  const runBatch = async (chunk: Array<{ key: string; url: string }>): Promise<void> => {
    let answers: Awaited<ReturnType<GraphGateway["batch"]>>;
    try {
      answers = await gateway.batch(
        chunk.map(({ key, url }) => ({ method: "GET" as const, url, ...withHeaders(headersOf.get(key)) })),
      );
    } catch (err) {
      const error = toAppError(err);
      // A rejected token or permission fails every key alike: stop. A batch that stayed throttled fails its keys.
      if (!TRANSIENT.has(error.code)) fatal ??= error;
      for (const { key } of chunk) results.set(key, { ok: false, error });
      return;
    }
    chunk.forEach(({ key, url }, i) => {
      // gateway.batch answers every request, in order.
      const answer = answers[i]!;
      const sofar = progress.get(key)!;
      if (!answer.ok) {
        results.set(key, { ok: false, error: answer.error });
        return;
      }
      const page = pageSchema.safeParse(answer.body);
      if (!page.success) {
        results.set(key, {
          ok: false,
          error: new GraphRequestError("GRAPH.UNEXPECTED", `Not a collection page from ${url}`, {
            status: answer.status,
          }),
        });
        return;
      }
      sofar.items.push(...page.data.value);
      sofar.pages++;
      const next = page.data["@odata.nextLink"];
      if (next && next !== url) ready.push({ key, url: next });
      else {
        const deltaLink = page.data["@odata.deltaLink"];
        results.set(key, { ok: true, value: deltaLink ? { ...sofar, deltaLink } : sofar });
      }
    });
  };

  while ((ready.length > 0 && fatal === undefined) || inFlight.size > 0) {
    // A partial batch waits while others are in flight: their follow-up pages may fill it.
    while (
      fatal === undefined &&
      inFlight.size < concurrency &&
      (ready.length >= BATCH_SIZE || (ready.length > 0 && inFlight.size === 0))
    ) {
      const task: Promise<void> = runBatch(ready.splice(0, BATCH_SIZE)).finally(() => inFlight.delete(task));
      inFlight.add(task);
    }
    if (inFlight.size > 0) await Promise.race(inFlight);
  }
  if (fatal !== undefined) throw fatal;
  return results;
}

function withHeaders(headers: Record<string, string> | undefined): { headers?: Record<string, string> } {
  return headers && Object.keys(headers).length > 0 ? { headers } : {};
}
