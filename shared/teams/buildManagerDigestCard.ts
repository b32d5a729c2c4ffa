// The weekly card to a manager about their own team: who is due, who lapsed, who has a proposal waiting, with one
// click to accept a proposal. Long teams are cut so the card stays within CARD_MAX_BYTES.
import template from "../../cards/managerDigest.json" with { type: "json" };
import { agendaLanguage } from "../domain/agenda/agendaLanguage.js";
import { agendaText } from "../domain/agenda/agendaText.js";
import { CARD_VERBS } from "../domain/agenda/cardVerbs.js";
import { CARD_MAX_BYTES, cardBytes } from "./cardBytes.js";
import { expandCardTemplate } from "./expandCardTemplate.js";

export type TeamMemberStatus = "due" | "lapsed" | "missing" | "proposalOpen";

export interface ManagerDigestInput {
  managerName: string;
  /** The manager's mailbox language tag ("it-IT"); English when missing or untranslated. */
  language?: string | undefined;
  /** The digest's date, `yyyy-MM-dd`. */
  weekOf: string;
  members: ReadonlyArray<{
    name: string;
    status: TeamMemberStatus;
    /** One line in the manager's language, e.g. "Last 1:1 34 days ago." */
    detail: string;
    /** An open proposal: the button accepts its first slot (`slotText` as the manager reads it). */
    proposal?: { proposalId: string; pairKey: string; slotText: string } | undefined;
  }>;
}

const STATUS_COLOR: Record<TeamMemberStatus, "Attention" | "Warning" | "Accent"> = {
  lapsed: "Attention",
  missing: "Attention",
  due: "Warning",
  proposalOpen: "Accent",
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
  const t = agendaText(agendaLanguage(input.language));
  const more = input.members.length - shown;
  return {
    title: t("digest.title"),
    subtitle: t("digest.subtitle", { date: input.weekOf }),
    hasMembers: input.members.length > 0,
    allWellText: t("digest.allWell"),
    members: input.members.slice(0, shown).map((m) => ({
      name: cut(m.name),
      statusLabel: t(`digest.${m.status}`),
      statusColor: STATUS_COLOR[m.status],
      detail: m.detail,
      hasProposal: m.proposal !== undefined,
      acceptTitle: m.proposal ? t("proposal.accept", { time: m.proposal.slotText }) : "",
      acceptData: m.proposal
        ? { proposalId: m.proposal.proposalId, pairKey: m.proposal.pairKey, slotIndex: 0 }
        : {},
    })),
    moreText: more > 0 ? t("digest.more", { n: more }) : "",
    verbs: CARD_VERBS,
  };
}

function cut(text: string): string {
  const chars = [...text];
  return chars.length <= NAME_CHARS ? text : `${chars.slice(0, NAME_CHARS - 1).join("")}…`;
}
