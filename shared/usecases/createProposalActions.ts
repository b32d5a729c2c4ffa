// The proposal card's buttons over the scheduling use cases: accept (the best slot or an alternative), not now,
// never for this person — each through answerProposal, answered with a card saying what happened.
import { optedOut } from "../domain/optedOut.js";
import { AppError } from "../errors.js";
import { type AnswerResult, answerProposal, type ProposalAnswer } from "./answerProposal.js";
import type { ProposalActions } from "./ports/proposalActions.js";
import type { Keyed } from "./ports/schedulingGraph.js";
import type { SchedulingPorts } from "./ports/schedulingPorts.js";

export interface ProposalCardParts {
  /** The card replacing the pressed proposal card once answered. */
  buildAnsweredCard(input: { reportName: string; outcome: string; reason: string }): object;
}

export function createProposalActions(ports: SchedulingPorts, cards: ProposalCardParts): ProposalActions {
  const answer = async (id: string, actorId: string, what: ProposalAnswer): Promise<Keyed<object>> => {
    let result: AnswerResult;
    try {
      result = await answerProposal(ports, id, what, { kind: "user", oid: actorId });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      // Someone other than the pair's manager pressed it (a forwarded card or a forged invoke).
      if (err.code === "PROPOSAL.FORBIDDEN") {
        return {
          ok: false,
          error: new AppError("CARD.NOT_A_PARTICIPANT", "only the pair's manager can answer this proposal", {
            status: 403,
          }),
        };
      }
      return { ok: false, error: err };
    }
    const { proposal } = result;
    return {
      ok: true,
      value: cards.buildAnsweredCard({
        reportName: proposal.reportName ?? proposal.reportUpn,
        outcome: result.outcome,
        reason: result.reason,
      }),
    };
  };
  return {
    accept: (id, actorId, slotIndex) => answer(id, actorId, { action: "accept", slot: slotIndex }),
    snooze: (id, days, actorId) => answer(id, actorId, { action: "snooze", days }),
    decline: (id, actorId) => answer(id, actorId, { action: "decline" }),
    async openProposals(managerId) {
      // An opt-out holds at once, before the next plan withdraws the proposal.
      const excluded = ports.settings?.excludedUsers ?? [];
      const open = (await ports.store.list({ managerId, state: "proposed" })).filter(
        (p) => !optedOut(p, excluded),
      );
      return open.flatMap((p) =>
        p.slots[0]
          ? [
              {
                proposalId: p.proposalId,
                reportId: p.reportId,
                reportName: p.reportName ?? p.reportUpn,
                firstStart: p.slots[0].start,
              },
            ]
          : [],
      );
    },
  };
}
