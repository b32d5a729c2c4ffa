import { output } from "@azure/functions";

/** The queue a completed scan puts `{ runId }` on and planSeriesQueue drains (planning runs in its own invocation). */
export const SERIES_PLAN_QUEUE = "series-plans";

export const seriesPlanOutput = output.storageQueue({
  queueName: SERIES_PLAN_QUEUE,
  connection: "AzureWebJobsStorage",
});

/** Where planSeriesQueue puts a malformed message; the host moves there one that failed every delivery. */
export const seriesPlanPoisonOutput = output.storageQueue({
  queueName: `${SERIES_PLAN_QUEUE}-poison`,
  connection: "AzureWebJobsStorage",
});
