import type { CadencePolicy } from "../domain/cadencePolicy.js";

const DAY = 86_400_000;
/** The first occurrence lies within 14 days; the third is 28 days after it. */
const HORIZON_DAYS = 14;
const LAST_OCCURRENCE_DAYS = 28;

/** The free/busy window a slot search needs: now .. now + 14 + 28 days + one meeting (well under getSchedule's 62). */
export function availabilityWindow(
  now: Date,
  policy: Pick<CadencePolicy, "newSeries">,
): { start: Date; end: Date } {
  return {
    start: now,
    end: new Date(
      now.getTime() + (HORIZON_DAYS + LAST_OCCURRENCE_DAYS) * DAY + policy.newSeries.durationMinutes * 60_000,
    ),
  };
}
