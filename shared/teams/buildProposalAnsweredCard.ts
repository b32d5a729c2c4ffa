// What replaces a proposal card once the manager answered it: the outcome in one line, no buttons left to press
// twice (a second press of a stale card still reaches answerProposal, which is idempotent).
import template from "../../cards/proposalAnswered.json" with { type: "json" };
import { expandCardTemplate } from "./expandCardTemplate.js";

export interface ProposalAnsweredInput {
  reportName: string;
  outcome: string;
  /** The scheduling work's reason in words. */
  reason: string;
}

export function buildProposalAnsweredCard(input: ProposalAnsweredInput): object {
  const failed = input.outcome === "failed";
  return expandCardTemplate(template, {
    style: failed ? "attention" : input.outcome === "created" ? "good" : "default",
    title: `1:1 with ${input.reportName}`,
    message: input.reason,
  });
}
