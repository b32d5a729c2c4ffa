import { app, type InvocationContext, type Timer } from "@azure/functions";
import { managerDigestPortsFromSettings } from "../shared/composition/managerDigestPortsFromSettings.js";
import { type SendManagerDigestsResult, sendManagerDigests } from "../shared/usecases/sendManagerDigests.js";
import { scheduleFromSetting } from "./scheduleFromSetting.js";

/** The weekly card to each manager about their own team, through the bot (once per manager per week). */
export async function sendManagerDigestsTimer(
  _timer: Timer,
  context: InvocationContext,
): Promise<SendManagerDigestsResult> {
  const ports = await managerDigestPortsFromSettings();
  const result = await sendManagerDigests(ports);
  context.log(
    `manager digests: ${result.sent} sent, ${result.quiet} managers with nothing to act on, ` +
      `${result.blocked.length} blocked the bot, ${result.failed.length} failed`,
  );
  for (const f of result.failed.slice(0, 20)) context.warn(`manager digest failed: ${JSON.stringify(f)}`);
  return result;
}

/** Mondays 08:00 UTC, when CADENCE_MANAGER_DIGEST_SCHEDULE is not set. */
export const DEFAULT_MANAGER_DIGEST_SCHEDULE = "0 0 8 * * 1";

app.timer("sendManagerDigests", {
  schedule: scheduleFromSetting("CADENCE_MANAGER_DIGEST_SCHEDULE", DEFAULT_MANAGER_DIGEST_SCHEDULE),
  handler: sendManagerDigestsTimer,
});
