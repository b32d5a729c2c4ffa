// The weekly card to a manager about their own team: who is due, who lapsed, who has a proposal waiting, with one
// click to accept a proposal. Long teams are cut so the card stays within CARD_MAX_BYTES.
import template from "../../cards/managerDigest.json" with { type: "json" };
import { CARD_VERBS } from "../domain/agenda/cardVerbs.js";
import { CARD_MAX_BYTES, cardBytes } from "./cardBytes.js";
import { expandCardTemplate } from "./expandCardTemplate.js";

export type TeamMemberStatus = "due" | "lapsed" | "missing" | "proposalOpen";

export interface ManagerDigestInput {
  managerName: string;
  /** The digest's date, `yyyy-MM-dd`. */
  weekOf: string;
  members: ReadonlyArray<{
    name: string;
    status: TeamMemberStatus;
    /** One line, e.g. "Last 1:1 34 days ago." */
    detail: string;
    /** An open proposal: the button accepts its first slot. */
    proposal?: { proposalId: string; pairKey: string; slotText: string } | undefined;
  }>;
}

const STATUS: Record<TeamMemberStatus, { label: string; color: "Attention" | "Warning" | "Accent" }> = {
  lapsed: { label: "Lapsed", color: "Attention" },
  missing: { label: "No 1:1 yet", color: "Attention" },
  due: { label: "Due", color: "Warning" },
  proposalOpen: { label: "Proposal waiting", color: "Accent" },
};
const MAX_MEMBERS_SHOWN = 30;
const NAME_CHARS = 60;

export function buildManagerDigestCard(input: ManagerDigestInput): object {
  let shown = Math.min(MAX_MEMBERS_SHOWN, input.members.length);
  for (;;) {
    const card = expandCardTemplate(template, digestModel(input, shown));
    if (cardBytes(card) <= CARD_MAX_BYTES || shown === 0) return card;
    shown = Math.floor(shown / 2);
  }
}

function digestModel(input: ManagerDigestInput, shown: number) {
  const more = input.members.length - shown;
  return {
    title: "Your team's 1:1s",
    subtitle: `Week of ${input.weekOf} · ${input.members.length === 1 ? "1 person needs" : `${input.members.length} people need`} a 1:1`,
    hasMembers: input.members.length > 0,
    allWellText: `Everyone on your team has a regular 1:1, ${cut(input.managerName)}. Nothing to do this week.`,
    members: input.members.slice(0, shown).map((m) => ({
      name: cut(m.name),
      statusLabel: STATUS[m.status].label,
      statusColor: STATUS[m.status].color,
      detail: m.detail,
      hasProposal: m.proposal !== undefined,
      acceptTitle: m.proposal ? `Accept ${m.proposal.slotText}` : "",
      acceptData: m.proposal
        ? { proposalId: m.proposal.proposalId, pairKey: m.proposal.pairKey, slotIndex: 0 }
        : {},
    })),
    moreText: more > 0 ? `…and ${more} more: see the 1:1 report.` : "",
    verbs: CARD_VERBS,
  };
}

function cut(text: string): string {
  const chars = [...text];
  return chars.length <= NAME_CHARS ? text : `${chars.slice(0, NAME_CHARS - 1).join("")}…`;
}
