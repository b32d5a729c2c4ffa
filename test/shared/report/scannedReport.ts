// A report built the way `cadence report` builds it: a generated tenant in the embedded simulator, scanned in
// process into the memory store. Deterministic for a given size and seed.
import { openTenantSource } from "../../../cli/tenantSource.js";
import { scanGraphFromGateway } from "../../../shared/composition/scanGraphFromGateway.js";
import { defaultCadencePolicy } from "../../../shared/domain/cadencePolicy.js";
import type { ReportModel } from "../../../shared/domain/report/reportModel.js";
import { MemoryScanStore } from "../../../shared/store/memoryScanStore.js";
import { buildReport } from "../../../shared/usecases/buildReport.js";
import type { PairRecord } from "../../../shared/usecases/ports/scanRecords.js";
import { runScanInProcess } from "../../../shared/usecases/runScanInProcess.js";

export async function scannedReport(
  generate: string,
  minGroupSize = 5,
): Promise<{ model: ReportModel; pairs: PairRecord[] }> {
  const source = await openTenantSource({ generate });
  try {
    const store = new MemoryScanStore();
    const clock = { now: () => source.now };
    const run = await runScanInProcess({
      graph: scanGraphFromGateway(source.gateway),
      store,
      clock,
      policy: defaultCadencePolicy,
      runSuffix: () => "test",
    });
    const pairs = await store.listPairs(run.runId);
    const model = await buildReport({
      store: { listRuns: async () => [run], listPairs: async () => pairs },
      clock,
      minGroupSize,
    });
    return { model, pairs };
  } finally {
    await source.close();
  }
}
