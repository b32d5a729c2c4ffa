// A one-shot plan in this process: scan the source, then propose (or, with --create, book) series for its pairs.
import { schedulingDomain } from "../shared/composition/schedulingDomain.js";
import { schedulingGraphFromGateway } from "../shared/composition/schedulingGraphFromGateway.js";
import { type CadencePolicy, defaultCadencePolicy } from "../shared/domain/cadencePolicy.js";
import { MemoryProposalStore } from "../shared/store/memoryProposalStore.js";
import { type PlanSeriesResult, planSeries } from "../shared/usecases/planSeries.js";
import type { SchedulingSettings } from "../shared/usecases/ports/schedulingPorts.js";
import { auditTenant } from "./auditTenant.js";
import { progressBar } from "./progressBar.js";
import type { TenantSource } from "./tenantSource.js";

export async function planTenant(
  source: TenantSource,
  settings: SchedulingSettings,
  policy: CadencePolicy = defaultCadencePolicy,
): Promise<PlanSeriesResult> {
  const { run, store } = await auditTenant(source);
  const pairs = await store.listPairs(run.runId);
  const bar = progressBar(process.stderr, settings.mode === "auto" ? "booking" : "planning");
  const plan = await planSeries(
    {
      graph: schedulingGraphFromGateway(source.gateway),
      store: new MemoryProposalStore(),
      clock: { now: () => source.now },
      policy,
      ...schedulingDomain,
      settings,
    },
    { pairs, scannedAt: new Date(run.now), onProgress: (done, total) => bar.update(done, total) },
  );
  bar.end();
  return plan;
}
