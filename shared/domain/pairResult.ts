// One pair's classification: what the scan prints (DESIGN.md `cadence scan` JSON) and stores per run.
import { z } from "zod";

const utcInstant = z.iso.datetime();

export const pairResultSchema = z.object({
  managerId: z.string().min(1),
  managerUpn: z.string().min(1),
  reportId: z.string().min(1),
  reportUpn: z.string().min(1),
  status: z.enum(["healthy", "belowTarget", "scheduled", "lapsed", "missing", "excluded"]),
  /** Start of the latest 1:1 held in the lookback, ISO-8601 UTC. */
  lastHeld: utcInstant.nullable(),
  /** Start of the next 1:1 scheduled in the lookahead, ISO-8601 UTC. */
  nextScheduled: utcInstant.nullable(),
  /** The rhythm in days (one decimal): the active series' interval, else the median gap; null without one. */
  cadenceDays: z.number().positive().nullable(),
  /** The active series (else the one still running) in the manager's calendar. */
  seriesId: z.string().min(1).nullable(),
  reason: z.string().min(1),
});

export type PairResult = z.infer<typeof pairResultSchema>;
export type PairStatus = PairResult["status"];
