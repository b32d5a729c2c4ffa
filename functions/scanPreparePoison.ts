import { app, type InvocationContext } from "@azure/functions";
import { z } from "zod";
import { scanPortsFromSettings } from "../shared/composition/scanPortsFromSettings.js";
import { failScanPreparation } from "../shared/usecases/failScanPreparation.js";
import { queueMessageIssues } from "./queueMessageIssues.js";
import { SCAN_PREPARE_QUEUE, scanPrepareMessageSchema } from "./scanQueue.js";

/** The run a poisoned prepare message names, read leniently: a damaged mode must not hide which run it was. */
export const poisonedPrepareSchema = z.object({ runId: z.string().min(1) });

/**
 * `scan-prepare-poison`: a prepare step that was malformed (put here by scanPrepare) or failed every delivery
 * (moved here by the host after maxDequeueCount). Its run would stay `preparing` forever: it is marked failed with
 * the reason, which the scan status and the report show. The next scan starts afresh.
 */
export async function scanPreparePoisonHandler(message: unknown, context: InvocationContext): Promise<void> {
  const id = String(context.triggerMetadata?.id ?? "(no id)");
  const full = scanPrepareMessageSchema.safeParse(message);
  const reason = full.success
    ? "the prepare step (directory read, subscriptions) failed every delivery; see scanPrepare's errors"
    : `malformed prepare message: ${queueMessageIssues(full.error)}`;
  const runId = full.success ? full.data.runId : poisonedPrepareSchema.safeParse(message).data?.runId;
  if (!runId) {
    context.error(`${SCAN_PREPARE_QUEUE}-poison: message ${id} names no run, nothing recorded: ${reason}`);
    return;
  }
  const result = await failScanPreparation(await scanPortsFromSettings(), runId, reason);
  if (result.outcome === "failed") context.error(`scan ${runId} failed: ${reason}`);
  else if (result.outcome === "notPreparing")
    context.warn(`scan ${runId}: prepare message poisoned, but the run is already ${result.state}`);
  else
    context.error(
      `${SCAN_PREPARE_QUEUE}-poison: message ${id}: no run ${runId}, nothing recorded: ${reason}`,
    );
}

app.storageQueue("scanPreparePoison", {
  queueName: `${SCAN_PREPARE_QUEUE}-poison`,
  connection: "AzureWebJobsStorage",
  handler: scanPreparePoisonHandler,
});
