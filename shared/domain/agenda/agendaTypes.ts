// The agenda card's vocabulary (issue 10): what composing one recipient's agenda for one occurrence needs and gives.

export type Role = "manager" | "report";

/** Languages with a translation file; anything else falls back to English. */
export type Language = "en" | "it" | "de" | "fr" | "es" | "ja";

export interface TalkingPoint {
  id: string;
  pairKey: string;
  /** User id of whoever added it. */
  authorId: string;
  text: string;
  /** Shown only to its author. */
  private: boolean;
  /** Marked done: not carried over any more. */
  done: boolean;
  createdAt: Date;
}

/** One occurrence of a pair's 1:1, as the delivery reads it from the calendar. */
export interface Occurrence {
  /** Graph's occurrence (or single event) id: what deliveries are keyed by. */
  id: string;
  seriesMasterId: string | null;
  start: Date;
  end: Date;
  joinUrl: string | null;
  isCancelled: boolean;
}

export interface AgendaInput {
  pair: {
    key: string;
    managerId: string;
    managerName: string;
    reportId: string;
    reportName: string;
  };
  recipient: { id: string; role: Role; timeZone: string; language: string };
  occurrence: Occurrence;
  /** The pair's talking points, open and done; the composer filters by privacy and state. */
  talkingPoints: readonly TalkingPoint[];
  /**
   * The questions this very occurrence's card already asked (a refreshed or updated card): kept, so a talking point
   * added from the card does not swap the questions both people already see. Absent for a first card.
   */
  askedHere?: readonly string[] | undefined;
  /** Question ids asked at the pair's previous meetings, most recent meeting first (one array per meeting). */
  recentQuestions: readonly (readonly string[])[];
  /** 1:1s held so far (the pair is "young" below 4). */
  heldCount: number;
  /** "3 of the last 4 held · every 2 weeks": held out of scheduled in the recent window, and the rhythm in days. */
  cadence: { heldOfLast: { held: number; of: number }; rhythmDays: number | null };
  /** Seed for the question rotation, so the same inputs give the same card. */
  seed: number;
}

export interface AgendaView {
  language: Language;
  role: Role;
  title: string;
  /** Start and end in the recipient's zone, formatted for their language. */
  when: string;
  cadenceLine: string;
  talkingPoints: ReadonlyArray<{ id: string; text: string; private: boolean; mine: boolean }>;
  /** Exactly three, from the bank; ids are stable across languages. */
  questions: ReadonlyArray<{ id: string; text: string }>;
  guidance: readonly string[];
  personalNote: string;
  joinUrl: string | null;
  cancelled: boolean;
}
