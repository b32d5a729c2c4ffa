// The scheduling proposal card for a manager: up to three bi-weekly times, each in both people's zones; the best
// one is "Accept", the others are alternatives, and the manager can snooze or stop proposals for this report.
import { DateTime } from "luxon";
import template from "../../cards/proposal.json" with { type: "json" };
import { CARD_VERBS } from "../domain/agenda/cardVerbs.js";
import { toIanaZone } from "../domain/timeZone.js";
import { expandCardTemplate } from "./expandCardTemplate.js";

export interface ProposalCardInput {
  proposalId: string;
  pairKey: string;
  manager: { name: string; timeZone: string };
  report: { name: string; timeZone: string };
  /** Best first: the first is what "Accept" books; at most three are shown. */
  slots: ReadonlyArray<{ start: Date; end: Date }>;
  /** Why Cadence proposes it, e.g. "No 1:1 in the last 62 days." */
  reason?: string;
  /** Days between the series' occurrences. Default 14. */
  intervalDays?: number;
}

const MAX_SLOTS = 3;

export function buildProposalCard(input: ProposalCardInput): object {
  const slots = input.slots.slice(0, MAX_SLOTS);
  if (slots.length === 0) throw new RangeError("A proposal card needs at least one slot");
  const managerZone = toIanaZone(input.manager.timeZone);
  const reportZone = toIanaZone(input.report.timeZone);
  const action = { proposalId: input.proposalId, pairKey: input.pairKey };
  const days = input.intervalDays ?? 14;
  const rhythm = days === 7 ? "Weekly" : days % 7 === 0 ? `Every ${days / 7} weeks` : `Every ${days} days`;
  const minutes = Math.round((slots[0]!.end.getTime() - slots[0]!.start.getTime()) / 60_000);
  const short = (s: { start: Date }) => local(s.start, managerZone, "ccc d LLL, HH:mm");
  return expandCardTemplate(template, {
    title: `Set up a 1:1 with ${input.report.name}`,
    reason: input.reason ?? "",
    intro: `${rhythm}, ${minutes} minutes, as a Teams meeting. Times that suit both calendars:`,
    managerFactTitle: `You (${managerZone})`,
    reportFactTitle: `${input.report.name} (${reportZone})`,
    slots: slots.map((s, i) => ({
      label: i === 0 ? "Suggested" : `Alternative ${i}`,
      managerTime: range(s, managerZone),
      reportTime: range(s, reportZone),
    })),
    footer: `Accepting sends ${input.report.name} a recurring invitation from your calendar.`,
    accept: { title: `Accept ${short(slots[0]!)}`, data: { ...action, slotIndex: 0 } },
    alternatives: slots.slice(1).map((s, i) => ({ title: short(s), data: { ...action, slotIndex: i + 1 } })),
    snoozeTitle: "Not now",
    neverTitle: `Never for ${input.report.name}`,
    verbs: CARD_VERBS,
    action,
  });
}

function range(slot: { start: Date; end: Date }, zone: string): string {
  return `${local(slot.start, zone, "cccc d LLLL, HH:mm")}–${local(slot.end, zone, "HH:mm")}`;
}

function local(instant: Date, zone: string, format: string): string {
  return DateTime.fromJSDate(instant, { zone }).setLocale("en-GB").toFormat(format);
}
