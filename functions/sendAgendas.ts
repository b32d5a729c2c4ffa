import { app, type InvocationContext, type Timer } from "@azure/functions";
import { agendaPortsFromSettings } from "../shared/composition/agendaPortsFromSettings.js";
import { type SendAgendasResult, sendAgendas } from "../shared/usecases/sendAgendas.js";
import { scheduleFromSetting } from "./scheduleFromSetting.js";

/** Every 15 minutes, when CADENCE_AGENDA_SCHEDULE is not set. */
export const DEFAULT_AGENDA_SCHEDULE = "0 */15 * * * *";

/** The agenda timer: cards for the 1:1s starting within each person's lead time, updates for moved/cancelled ones. */
export async function sendAgendasTimer(
  _timer: Timer,
  context: InvocationContext,
): Promise<SendAgendasResult> {
  const result = await sendAgendas(await agendaPortsFromSettings());
  context.log(
    `agendas: ${result.sent} sent, ${result.updated} moved, ${result.cancelled} cancelled, ` +
      `${result.blocked.length} users blocked the bot, ${result.failed.length} failed (retried next run), ` +
      `${result.uncertain.length} uncertain, ${result.unreadManagers.length} calendars unread`,
  );
  for (const p of result.failed.slice(0, 20)) context.warn(`agenda card failed: ${JSON.stringify(p)}`);
  for (const p of result.uncertain.slice(0, 20)) {
    context.warn(`agenda card may or may not have arrived (not re-sent): ${JSON.stringify(p)}`);
  }
  if (result.blocked.length) context.warn(`users who blocked the bot: ${result.blocked.join(", ")}`);
  return result;
}

app.timer("sendAgendas", {
  schedule: scheduleFromSetting("CADENCE_AGENDA_SCHEDULE", DEFAULT_AGENDA_SCHEDULE),
  handler: sendAgendasTimer,
});
