// What a correct implementation of DESIGN.md's cadence policy must report for a generated tenant.
import { z } from "zod";

export const pairStatusSchema = z.enum([
  "healthy",
  "belowTarget",
  "scheduled",
  "lapsed",
  "missing",
  "excluded",
]);
export type PairStatus = z.infer<typeof pairStatusSchema>;

export const groundTruthPairSchema = z.object({
  managerId: z.string(),
  reportId: z.string(),
  managerUpn: z.string(),
  reportUpn: z.string(),
  status: pairStatusSchema,
  /** How the pair was planted, in words a person can check against the calendars. */
  why: z.string(),
});

export const groundTruthSchema = z.object({
  now: z.iso.datetime({ offset: true }),
  pairs: z.array(groundTruthPairSchema),
});

export type GroundTruth = z.infer<typeof groundTruthSchema>;
export type GroundTruthPair = z.infer<typeof groundTruthPairSchema>;
