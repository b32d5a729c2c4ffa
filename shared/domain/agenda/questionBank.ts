// DESIGN.md's question bank. The ids are what the pair's history records, so they never change with the wording or
// the language; "proud / excited about" is two questions, which keeps three askable ones even when the previous three
// meetings used nine different ones and no talking point gives "When X happened…" its X.
export const QUESTION_BANK = [
  "clarity",
  "proud",
  "excited",
  "improve",
  "sinceLast",
  "teamTroubles",
  "companyTroubles",
  "wentWell",
  "wentNotWell",
  "help",
  "nonWork",
  "differently",
  "career",
] as const;

export type QuestionId = (typeof QUESTION_BANK)[number];
