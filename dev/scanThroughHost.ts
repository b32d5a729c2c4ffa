import type { ScanRun } from "../shared/usecases/ports/scanRecords.js";

/**
 * Starts a scan through a running host's admin endpoint (`POST /api/scans`, master key) and follows
 * `GET /api/scans/{runId}` until every shard is done (or skipped); throws when the run failed. `query` is e.g.
 * `?mode=full&now=…`.
 */
export async function scanThroughHost(
  baseUrl: string,
  masterKey: string,
  options: { query?: string; timeoutMs?: number; onProgress?: (run: ScanRun) => void } = {},
): Promise<ScanRun> {
  const headers = { "x-functions-key": masterKey };
  const started = await fetch(`${baseUrl}/api/scans${options.query ?? ""}`, { method: "POST", headers });
  if (started.status !== 202)
    throw new Error(`POST /api/scans answered ${started.status}: ${await started.text()}`);
  let run = (await started.json()) as ScanRun;
  const deadline = Date.now() + (options.timeoutMs ?? 240_000);
  while (run.state !== "complete") {
    if (run.state === "failed")
      throw new Error(`scan ${run.runId} failed: ${run.failure ?? "no reason recorded"}`);
    if (Date.now() > deadline)
      throw new Error(`scan ${run.runId} did not finish in time (${run.shardsDone}/${run.shardsTotal})`);
    await new Promise((r) => setTimeout(r, 200));
    const res = await fetch(`${baseUrl}/api/scans/${encodeURIComponent(run.runId)}`, { headers });
    run = (await res.json()) as ScanRun;
    options.onProgress?.(run);
  }
  return run;
}
