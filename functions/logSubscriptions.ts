import type { InvocationContext } from "@azure/functions";
import type { EnsureSubscriptionsResult } from "../shared/usecases/ensureSubscriptions.js";

/** One line of totals, and the first refusals, for the timer and the scan that keep subscriptions. */
export function logSubscriptions(context: InvocationContext, done: EnsureSubscriptionsResult): void {
  context.log(
    `subscriptions: ${done.created} created, ${done.renewed} renewed, ${done.deleted} deleted, ${done.failed.length} failed`,
  );
  for (const failure of done.failed.slice(0, 20)) context.warn(`subscription failed: ${failure}`);
}
