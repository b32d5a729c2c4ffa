// One recipient's agenda for one occurrence (DESIGN.md "The 1:1 guidance it encodes"): pure, so the same input
// always gives the same card, and both people of a pair get the same three questions.
import { DateTime } from "luxon";
import { toIanaZone } from "../timeZone.js";
import { agendaLanguage } from "./agendaLanguage.js";
import { type AgendaTextKey, agendaText } from "./agendaText.js";
import type { AgendaInput, AgendaView, Language, TalkingPoint } from "./agendaTypes.js";
import { QUESTION_BANK, type QuestionId } from "./questionBank.js";

/** A question asked at one of the pair's previous three meetings is not asked again: no repeat within four. */
const PREVIOUS_MEETINGS_WITHOUT_REPEAT = 3;
const QUESTIONS_PER_CARD = 3;
/** A pair with fewer held 1:1s is young: the manager is steered to task-based feedback. */
const YOUNG_BELOW_HELD = 4;
/** How much of a talking point becomes the X of "When X happened…": a card line, not a paragraph. */
const X_CHARS = 80;

export function composeAgenda(input: AgendaInput): AgendaView {
  const language = agendaLanguage(input.recipient.language);
  const t = agendaText(language);
  const { pair, recipient, occurrence } = input;
  const x = whenXHappened(input.talkingPoints);
  return {
    language,
    role: recipient.role,
    title: t("title", { name: recipient.role === "manager" ? pair.reportName : pair.managerName }),
    when: formatWhen(input, language, t),
    cadenceLine: cadenceLine(input.cadence, t),
    talkingPoints: [...input.talkingPoints]
      .filter((p) => !p.done && (!p.private || p.authorId === recipient.id))
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id))
      .map((p) => ({ id: p.id, text: p.text, private: p.private, mine: p.authorId === recipient.id })),
    questions: chooseQuestions(input, x !== null).map((id) => ({
      id,
      text: t(`question.${id}`, x === null ? {} : { x }),
    })),
    guidance:
      recipient.role === "manager"
        ? [
            t("guidance.manager.situation"),
            t("guidance.manager.impact"),
            t("guidance.manager.alternative"),
            t(
              input.heldCount < YOUNG_BELOW_HELD
                ? "guidance.manager.taskFirst"
                : "guidance.manager.behavioural",
            ),
          ]
        : [t("guidance.report.listen"), t("guidance.report.dontRefuse"), t("guidance.report.positiveIntent")],
    personalNote: t(recipient.role === "manager" ? "personal.manager" : "personal.report"),
    joinUrl: occurrence.joinUrl,
    cancelled: occurrence.isCancelled,
  };
}

/**
 * The newest open talking point both people can see gives the X: a private one would give the two cards different
 * questions (and show one person's private text to the other).
 */
function whenXHappened(points: readonly TalkingPoint[]): string | null {
  const shared = points
    .filter((p) => !p.done && !p.private && p.text.trim() !== "")
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id));
  const newest = shared[0];
  if (!newest) return null;
  const text = newest.text.trim().replace(/\s+/g, " ");
  const chars = [...text];
  const cut = chars.length <= X_CHARS ? text : `${chars.slice(0, X_CHARS - 1).join("")}…`;
  return cut.replace(/[.!?。！？]+$/u, "");
}

function chooseQuestions(input: AgendaInput, hasX: boolean): QuestionId[] {
  const askable = QUESTION_BANK.filter((id) => id !== "differently" || hasX);
  const asked = input.askedHere ?? [];
  if (
    asked.length === QUESTIONS_PER_CARD &&
    asked.every((id) => (askable as readonly string[]).includes(id))
  ) {
    return asked as QuestionId[];
  }
  const recent = new Set(input.recentQuestions.slice(0, PREVIOUS_MEETINGS_WITHOUT_REPEAT).flat());
  const random = mulberry32(input.seed);
  const chosen = shuffle(
    askable.filter((id) => !recent.has(id)),
    random,
  ).slice(0, QUESTIONS_PER_CARD);
  if (chosen.length < QUESTIONS_PER_CARD) {
    // Only when the history holds more than three questions a meeting: the longest-unasked ones come back first.
    const meetingsAgo = (id: string) => {
      const index = input.recentQuestions.findIndex((meeting) => meeting.includes(id));
      return index === -1 ? Number.POSITIVE_INFINITY : index;
    };
    const rest = askable
      .filter((id) => !chosen.includes(id))
      .sort((a, b) => meetingsAgo(b) - meetingsAgo(a) || QUESTION_BANK.indexOf(a) - QUESTION_BANK.indexOf(b));
    chosen.push(...rest.slice(0, QUESTIONS_PER_CARD - chosen.length));
  }
  return chosen;
}

function cadenceLine(
  cadence: AgendaInput["cadence"],
  t: (key: AgendaTextKey, values?: Record<string, string | number>) => string,
): string {
  const { held, of } = cadence.heldOfLast;
  const heldPart = of === 0 ? t("cadence.first") : t("cadence.held", { held, of });
  const days = cadence.rhythmDays;
  const rhythm =
    days === null || days <= 0
      ? t("rhythm.none")
      : days === 7
        ? t("rhythm.weekly")
        : days % 7 === 0
          ? t("rhythm.weeks", { n: days / 7 })
          : t("rhythm.days", { n: days });
  return `${heldPart} · ${rhythm}`;
}

function formatWhen(
  input: AgendaInput,
  language: Language,
  t: (key: AgendaTextKey, values?: Record<string, string | number>) => string,
): string {
  const zone = ianaOrUtc(input.recipient.timeZone);
  const locale = localeFor(input.recipient.language, language);
  const at = (d: Date) => DateTime.fromJSDate(d, { zone }).setLocale(locale);
  const start = at(input.occurrence.start);
  // ICU versions differ in using a narrow no-break space before "AM": one plain space reads the same everywhere.
  const time = (d: DateTime) => d.toLocaleString(DateTime.TIME_SIMPLE).replace(/[\u202f\u00a0]/g, " ");
  return t("when", {
    date: start.toLocaleString({ weekday: "long", day: "numeric", month: "long", year: "numeric" }),
    from: time(start),
    to: time(at(input.occurrence.end)),
    zone,
  });
}

/** A mailbox with an unknown zone still gets its card, in UTC and saying so, rather than none. */
function ianaOrUtc(timeZone: string): string {
  try {
    return toIanaZone(timeZone);
  } catch {
    return "UTC";
  }
}

/** The mailbox's own tag ("it-CH") formats dates when its language has a translation; English text, English dates. */
function localeFor(tag: string, language: Language): string {
  if (tag.trim().toLowerCase().split(/[-_]/)[0] !== language) return "en";
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([tag.replace("_", "-")])[0] ?? language;
  } catch {
    return language;
  }
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
