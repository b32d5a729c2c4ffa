// A manager and one direct report, as the directory says today, plus whether the policy applies to them.
import { z } from "zod";
import { pairExclusionSchema } from "./pairExclusion.js";

export const managerReportPairSchema = z.object({
  managerId: z.string().min(1),
  managerUpn: z.string().min(1),
  managerMail: z.string().min(1).nullable(),
  reportId: z.string().min(1),
  reportUpn: z.string().min(1),
  reportMail: z.string().min(1).nullable(),
  exclusion: pairExclusionSchema.nullable(),
});

export type ManagerReportPair = z.infer<typeof managerReportPairSchema>;
