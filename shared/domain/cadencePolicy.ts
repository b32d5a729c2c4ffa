// The cadence policy (DESIGN.md "Cadence policy"): every threshold the scan and the series planner apply.
import { z } from "zod";

const days = z.number().int().positive().max(1825);

export const cadencePolicySchema = z
  .object({
    /** The rhythm we aim for: bi-weekly. */
    targetDays: days.default(14),
    /** The longest acceptable gap since the last held 1:1: monthly. */
    floorDays: days.default(31),
    /** How far back the scan reads calendars. */
    lookbackDays: days.default(90),
    /** How far ahead the scan reads calendars. */
    lookaheadDays: days.default(35),
    /** Slack on `targetDays` for the rhythm and the next 1:1, so a moved occurrence doesn't flip a pair. */
    toleranceDays: z.number().int().min(0).max(31).default(3),
    /** The series Cadence proposes for a pair without one. */
    newSeries: z
      .object({
        durationMinutes: z.number().int().min(5).max(480).default(30),
        weeklyInterval: z.number().int().min(1).max(99).default(2),
        /** null: the series has no end date (Graph range `noEnd`); otherwise a `numbered` range. */
        numberOfOccurrences: z.number().int().positive().nullable().default(null),
      })
      .prefault({}),
  })
  // The statuses are only distinguishable when the thresholds nest this way.
  .refine((p) => p.targetDays + p.toleranceDays <= p.floorDays, {
    message: "targetDays + toleranceDays must not exceed floorDays",
    path: ["floorDays"],
  })
  .refine((p) => p.floorDays <= p.lookbackDays, {
    message: "floorDays must not exceed lookbackDays",
    path: ["lookbackDays"],
  });

export type CadencePolicy = z.infer<typeof cadencePolicySchema>;

/** The DESIGN.md defaults: target 14 d, floor 31 d, lookback 90 d, lookahead 35 d, tolerance 3 d. */
export const defaultCadencePolicy: CadencePolicy = Object.freeze(cadencePolicySchema.parse({}));
