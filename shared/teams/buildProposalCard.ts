// The scheduling proposal card for a manager: up to three bi-weekly times, each in both people's zones; the best
// one is "Accept", the others are alternatives, and the manager can snooze or stop proposals for this report.
import { DateTime } from "luxon";
import template from "../../cards/proposal.json" with { type: "json" };
import { agendaLanguage } from "../domain/agenda/agendaLanguage.js";
import { agendaText } from "../domain/agenda/agendaText.js";
import { CARD_VERBS } from "../domain/agenda/cardVerbs.js";
import { toIanaZone } from "../domain/timeZone.js";
import { expandCardTemplate } from "./expandCardTemplate.js";

export interface ProposalCardInput {
  proposalId: string;
  pairKey: string;
  /** `language` is the manager's mailbox language tag ("it-IT"); English when missing or untranslated. */
  manager: { name: string; timeZone: string; language?: string | undefined };
  report: { name: string; timeZone: string };
  /** Best first: the first is what "Accept" books; at most three are shown. */
  slots: ReadonlyArray<{ start: Date; end: Date }>;
  /** Why Cadence proposes it, already in the manager's language, e.g. "No 1:1 in the last 62 days." */
  reason?: string | undefined;
  /** Days between the series' occurrences. Default 14. */
  intervalDays?: number;
}

const MAX_SLOTS = 3;

export function buildProposalCard(input: ProposalCardInput): object {
  const slots = input.slots.slice(0, MAX_SLOTS);
  if (slots.length === 0) throw new RangeError("A proposal card needs at least one slot");
  const language = agendaLanguage(input.manager.language);
  const t = agendaText(language);
  // English without a usable tag reads as en-GB: 24-hour times and the day before the month, as in the agenda.
  const tag = input.manager.language?.replace("_", "-") ?? "";
  const locale = agendaLanguage(tag) === language && tag.toLowerCase().startsWith(language) ? tag : language;
  const format = formatter(locale === "en" ? "en-GB" : locale);
  const managerZone = toIanaZone(input.manager.timeZone);
  const reportZone = toIanaZone(input.report.timeZone);
  const action = { proposalId: input.proposalId, pairKey: input.pairKey };
  const days = input.intervalDays ?? 14;
  const rhythm =
    days === 7
      ? t("rhythm.weekly")
      : days % 7 === 0
        ? t("rhythm.weeks", { n: days / 7 })
        : t("rhythm.days", { n: days });
  const minutes = Math.round((slots[0]!.end.getTime() - slots[0]!.start.getTime()) / 60_000);
  return expandCardTemplate(template, {
    title: t("proposal.title", { name: input.report.name }),
    reason: input.reason ?? "",
    intro: t("proposal.intro", { minutes, rhythm }),
    managerFactTitle: t("proposal.you", { zone: managerZone }),
    reportFactTitle: t("proposal.other", { name: input.report.name, zone: reportZone }),
    slots: slots.map((s, i) => ({
      label: i === 0 ? t("proposal.suggested") : t("proposal.alternative", { n: i }),
      managerTime: format.range(s, managerZone),
      reportTime: format.range(s, reportZone),
    })),
    footer: t("proposal.footer", { name: input.report.name }),
    accept: {
      title: t("proposal.accept", { time: format.short(slots[0]!.start, managerZone) }),
      data: { ...action, slotIndex: 0 },
    },
    alternatives: slots
      .slice(1)
      .map((s, i) => ({ title: format.short(s.start, managerZone), data: { ...action, slotIndex: i + 1 } })),
    snoozeTitle: t("proposal.notNow"),
    neverTitle: t("proposal.never", { name: input.report.name }),
    verbs: CARD_VERBS,
    action,
  });
}

function formatter(locale: string) {
  const at = (d: Date, zone: string) => DateTime.fromJSDate(d, { zone }).setLocale(locale);
  // ICU versions differ in using a narrow no-break space before "AM": one plain space reads the same everywhere.
  const time = (d: DateTime) => d.toLocaleString(DateTime.TIME_SIMPLE).replace(/[\u202f\u00a0]/g, " ");
  return {
    short: (d: Date, zone: string) =>
      `${at(d, zone).toLocaleString({ weekday: "short", day: "numeric", month: "short" })}, ${time(at(d, zone))}`,
    range: (s: { start: Date; end: Date }, zone: string) =>
      `${at(s.start, zone).toLocaleString({ weekday: "long", day: "numeric", month: "long" })}, ` +
      `${time(at(s.start, zone))}–${time(at(s.end, zone))}`,
  };
}
