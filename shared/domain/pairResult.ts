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
  /** Rhythm in days, one decimal (may round to 0): the active series' interval, else the median gap. */
  cadenceDays: z.number().min(0).nullable(),
  /** Graph's series master id: the active series, else the one still running, else the last one that ended. */
  seriesId: z.string().min(1).nullable(),
  reason: z.string().min(1),
});

export type PairResult = z.infer<typeof pairResultSchema>;
export type PairStatus = PairResult["status"];
