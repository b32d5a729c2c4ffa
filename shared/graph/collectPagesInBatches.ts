// Follows many paged collections at once, 20 per `$batch`: each key (a mailbox) has at most one request in
// flight, so Outlook's 4-concurrent-requests-per-mailbox limit is never approached, and a key's next page joins a
// later batch. Callers get whole collections per key, never a nextLink.
import { z } from "zod";
import type { KeyedResult } from "../usecases/ports/keyedResult.js";
import { GraphRequestError } from "./GraphRequestError.js";
import { type BatchJob, runBatched } from "./runBatched.js";
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
  const results = new Map<string, KeyedResult<CollectedPages>>();
  const progress = new Map<string, CollectedPages>();
  const headersOf = new Map<string, Record<string, string> | undefined>();
  const jobs: BatchJob[] = [];
  const job = (key: string, url: string): BatchJob => ({
    key,
    request: { method: "GET", url, ...withHeaders(headersOf.get(key)) },
  });
  for (const start of starts) {
    if (headersOf.has(start.key)) continue;
    headersOf.set(start.key, start.headers);
    progress.set(start.key, { items: [], pages: 0 });
    jobs.push(job(start.key, start.url));
  }

  await runBatched(gateway, jobs, {
    concurrency: options.concurrency ?? 4,
    // A rejected token or permission fails every key alike: stop. A batch that stayed throttled fails its keys.
    stopOn: (error) => !TRANSIENT.has(error.code),
    onAnswer: ({ key, request: { url } }, answer) => {
      const sofar = progress.get(key)!;
      if (!answer.ok) {
        results.set(key, { ok: false, error: answer.error });
        return undefined;
      }
      const page = pageSchema.safeParse(answer.body);
      if (!page.success) {
        results.set(key, {
          ok: false,
          error: new GraphRequestError("GRAPH.UNEXPECTED", `Not a collection page from ${url}`, {
            status: answer.status,
          }),
        });
        return undefined;
      }
      sofar.items.push(...page.data.value);
      sofar.pages++;
      const next = page.data["@odata.nextLink"];
      if (next && next !== url) return [job(key, next)];
      const deltaLink = page.data["@odata.deltaLink"];
      results.set(key, { ok: true, value: deltaLink ? { ...sofar, deltaLink } : sofar });
      return undefined;
    },
  });
  return results;
}

function withHeaders(headers: Record<string, string> | undefined): { headers?: Record<string, string> } {
  return headers && Object.keys(headers).length > 0 ? { headers } : {};
}
