import { app, type InvocationContext, type Timer } from "@azure/functions";
import { digestPortsFromSettings } from "../shared/composition/digestPortsFromSettings.js";
import { bindingSetting } from "../shared/config.js";
import { sendWeeklyDigest, type WeeklyDigestResult } from "../shared/usecases/sendWeeklyDigest.js";

/**
 * Weekly (CADENCE_DIGEST_SCHEDULE): posts the report's summary card to the admins' channel through the
 * Workflows webhook in CADENCE_DIGEST_WEBHOOK_URL; without one it only logs that it skipped.
 */
export async function weeklyDigest(_timer: Timer, context: InvocationContext): Promise<WeeklyDigestResult> {
  const result = await sendWeeklyDigest(await digestPortsFromSettings());
  if (result.sent) {
    context.log(
      `weekly digest posted: ${result.bytes} bytes, ${result.gapsShown} gaps listed (and ${result.more} more)`,
    );
  } else {
    context.log(
      result.reason === "NO_WEBHOOK"
        ? "weekly digest skipped: CADENCE_DIGEST_WEBHOOK_URL is not set"
        : "weekly digest skipped: no scan has completed yet",
    );
  }
  return result;
}

// The host resolves `%CADENCE_DIGEST_SCHEDULE%` when it loads the app and refuses an unset one: a digest that is
// off (the setting is optional) must not stop the app loading, so the timer exists only when it is scheduled.
if (bindingSetting("CADENCE_DIGEST_SCHEDULE")) {
  app.timer("weeklyDigest", { schedule: "%CADENCE_DIGEST_SCHEDULE%", handler: weeklyDigest });
}
