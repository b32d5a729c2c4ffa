import { randomUUID } from "node:crypto";
import type { Settings } from "../config.js";
import { AgendaTableStore } from "../store/agendaTableStore.js";
import { buildProposalAnsweredCard } from "../teams/buildProposalAnsweredCard.js";
import { createProposalActions } from "../usecases/createProposalActions.js";
import { handleCardAction } from "../usecases/handleCardAction.js";
import type { HandleCardAction } from "../usecases/ports/cardActions.js";
import { agendaCardPartsReal } from "./agendaCardPartsReal.js";
import { clockFromSettings } from "./clockFromSettings.js";
import { schedulingPortsFromSettings } from "./schedulingPortsFromSettings.js";
import { storageFromSettings } from "./storageFromSettings.js";

/**
 * The card-action use case the bot endpoint runs: agenda buttons against the agenda tables, proposal buttons
 * through the scheduling use cases. The stores open on the first press, not when the function registers.
 */
export function cardActionsFromSettings(settings: Settings): HandleCardAction {
  let ports: Promise<Parameters<typeof handleCardAction>[0]> | undefined;
  const open = () => {
    ports ??= (async () => {
      const [store, scheduling] = await Promise.all([
        AgendaTableStore.open(storageFromSettings(settings)),
        schedulingPortsFromSettings(),
      ]);
      return {
        ...agendaCardPartsReal,
        clock: clockFromSettings(settings),
        store,
        proposals: createProposalActions(scheduling, { buildAnsweredCard: buildProposalAnsweredCard }),
        newId: () => randomUUID(),
      };
    })().catch((err) => {
      ports = undefined;
      throw err;
    });
    return ports;
  };
  return async (input) => {
    const result = await handleCardAction(await open(), input);
    if (result.ok) return { card: result.value };
    const { code, message, status } = result.error;
    return { error: { code, message, status: status ?? 400 } };
  };
}
