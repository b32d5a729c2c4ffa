import { toBatchUrl } from "./toBatchUrl.js";
import type { BatchRequest } from "./types.js";

export interface BatchBody {
  requests: Array<{
    id: string;
    method: string;
    url: string;
    headers?: Record<string, string>;
    body?: unknown;
  }>;
}

/** Graph's limit on requests per `$batch`. */
const MAX_BATCH_SIZE = 20;

/**
 * The JSON of one `$batch`, built by hand because the SDK's BatchRequestContent keeps `/v1.0` in absolute URLs.
 * Ids are the caller's; no `dependsOn`, so Graph may run them in parallel (they target different mailboxes).
 */
export function buildBatchBody(
  requests: ReadonlyArray<BatchRequest & { id: string }>,
  graphBaseUrl: string,
): BatchBody {
  if (requests.length === 0 || requests.length > MAX_BATCH_SIZE) {
    throw new RangeError(`A $batch holds 1 to ${MAX_BATCH_SIZE} requests, got ${requests.length}`);
  }
  return {
    requests: requests.map((r) => {
      const headers = { ...r.headers };
      if (r.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) {
        headers["Content-Type"] = "application/json";
      }
      return {
        id: r.id,
        method: r.method,
        url: toBatchUrl(r.url, graphBaseUrl),
        ...(Object.keys(headers).length > 0 ? { headers } : {}),
        ...(r.body !== undefined ? { body: r.body } : {}),
      };
    }),
  };
}
