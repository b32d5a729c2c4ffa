import { app, type InvocationContext } from "@azure/functions";
import { schedulingPortsFromSettings } from "../shared/composition/schedulingPortsFromSettings.js";
import { planLatestScan } from "../shared/usecases/planLatestScan.js";
import { planMessageSchema } from "../shared/usecases/planMessage.js";
import { SERIES_PLAN_QUEUE } from "./planQueue.js";

/**
 * Plans series after a scan completed. Re-delivery is harmless: a second plan of the same run finds every pair's
 * proposal open (or created) and writes nothing. A message that does not parse throws, to the poison queue.
 */
export async function planSeriesQueueHandler(message: unknown, context: InvocationContext): Promise<void> {
  const { runId } = planMessageSchema.parse(message);
  const plan = await planLatestScan(await schedulingPortsFromSettings(), { runId });
  const counts: Record<string, number> = {};
  for (const e of plan.entries) counts[e.outcome] = (counts[e.outcome] ?? 0) + 1;
  context.log(`series plan for scan ${runId} (${plan.mode}): ${JSON.stringify(counts)}`);
}

app.storageQueue("planSeriesQueue", {
  queueName: SERIES_PLAN_QUEUE,
  connection: "AzureWebJobsStorage",
  handler: planSeriesQueueHandler,
});
