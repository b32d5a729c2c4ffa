import { app, type InvocationContext } from "@azure/functions";
import { schedulingPortsFromSettings } from "../shared/composition/schedulingPortsFromSettings.js";
import { planLatestScan } from "../shared/usecases/planLatestScan.js";
import { planMessageSchema } from "../shared/usecases/planMessage.js";
import { parseQueueMessage } from "./parseQueueMessage.js";
import { SERIES_PLAN_QUEUE, seriesPlanPoisonOutput } from "./planQueue.js";

/**
 * Plans series after a scan completed. Re-delivery is harmless: a second plan of the same run finds every pair's
 * proposal open (or created) and writes nothing. A malformed message goes to the poison queue at once; one that
 * fails every delivery is poisoned by the host and stays there for an admin: nothing is lost, since the next
 * plan takes up every pair again, a proposal left `creating` included.
 */
export async function planSeriesQueueHandler(message: unknown, context: InvocationContext): Promise<void> {
  const request = parseQueueMessage(planMessageSchema, message, context, {
    name: SERIES_PLAN_QUEUE,
    poison: seriesPlanPoisonOutput,
  });
  if (!request) return;
  const { runId } = request;
  const plan = await planLatestScan(await schedulingPortsFromSettings(), { runId });
  const counts: Record<string, number> = {};
  for (const e of plan.entries) counts[e.outcome] = (counts[e.outcome] ?? 0) + 1;
  context.log(`series plan for scan ${runId} (${plan.mode}): ${JSON.stringify(counts)}`);
}

app.storageQueue("planSeriesQueue", {
  queueName: SERIES_PLAN_QUEUE,
  connection: "AzureWebJobsStorage",
  extraOutputs: [seriesPlanPoisonOutput],
  handler: planSeriesQueueHandler,
});
