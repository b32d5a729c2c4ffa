import { app, type InvocationContext, type Timer } from "@azure/functions";
import { proposalCardPortsFromSettings } from "../shared/composition/proposalCardPortsFromSettings.js";
import { type SendProposalCardsResult, sendProposalCards } from "../shared/usecases/sendProposalCards.js";
import { scheduleFromSetting } from "./scheduleFromSetting.js";

/** The agenda timer's default (sendAgendas.ts), kept here so loading this function alone registers only it. */
const DEFAULT_AGENDA_SCHEDULE = "0 */15 * * * *";

/** Each open scheduling proposal to its manager as a card, once; on the agenda timer's schedule. */
export async function sendProposalCardsTimer(
  _timer: Timer,
  context: InvocationContext,
): Promise<SendProposalCardsResult> {
  const result = await sendProposalCards(await proposalCardPortsFromSettings());
  context.log(
    `proposal cards: ${result.sent} sent, ${result.blocked.length} managers blocked the bot, ` +
      `${result.failed.length} failed (retried next run), ${result.uncertain.length} uncertain`,
  );
  for (const id of result.uncertain.slice(0, 20)) {
    context.warn(`proposal card for ${id} may or may not have arrived (not re-sent)`);
  }
  for (const f of result.failed.slice(0, 20)) context.warn(`proposal card failed: ${JSON.stringify(f)}`);
  return result;
}

app.timer("sendProposalCards", {
  schedule: scheduleFromSetting("CADENCE_AGENDA_SCHEDULE", DEFAULT_AGENDA_SCHEDULE),
  handler: sendProposalCardsTimer,
});
