import { scanGraphFromGateway } from "../shared/composition/scanGraphFromGateway.js";
import { defaultCadencePolicy } from "../shared/domain/cadencePolicy.js";
import { MemoryScanStore } from "../shared/store/memoryScanStore.js";
import type { ScanRun } from "../shared/usecases/ports/scanRecords.js";
import { runScanInProcess } from "../shared/usecases/runScanInProcess.js";
import { progressBar } from "./progressBar.js";
import type { TenantSource } from "./tenantSource.js";

/** A one-shot scan of the source in this process, with a progress bar on a terminal's stderr. */
export async function auditTenant(source: TenantSource): Promise<{ run: ScanRun; store: MemoryScanStore }> {
  const store = new MemoryScanStore();
  const bar = progressBar(process.stderr, "scanning");
  const run = await runScanInProcess(
    {
      graph: scanGraphFromGateway(source.gateway),
      store,
      clock: { now: () => source.now },
      policy: defaultCadencePolicy,
      runSuffix: () => "cli",
    },
    { onProgress: (p) => bar.update(p.shardsDone, p.shardsTotal) },
  );
  bar.end();
  return { run, store };
}
