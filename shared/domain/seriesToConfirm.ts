// Which series of a `missing` pair only their masters can settle (DESIGN.md: "an older series still exists whose
// occurrences are cancelled" makes a pair lapsed, and cancelled occurrences are absent from calendarView).
import type { CadencePolicy } from "./cadencePolicy.js";
import type { PairCalendar } from "./pairCalendar.js";
import type { PairStatus } from "./pairResult.js";

const DAY = 86_400_000;

/**
 * The ids of the series whose masters decide between `missing` and `lapsed`, sorted: only for a pair classified
 * `missing`, each series known from its occurrences alone (no master read, none found gone before) whose
 * visible occurrences, held or declined, all started before the floor began (`now − floorDays`), ignoring those
 * beyond the lookahead: the rules ignore them too, and a scan reading further ahead (the refresh margin) must
 * confirm the same series as one that does not.
 *
 * Such a series looks ended at its last visible occurrence, but a series whose later occurrences are all
 * cancelled looks exactly the same, and only its master tells them apart. A series with an occurrence since
 * the floor began is already running or active for the rules, so its master would change nothing; a pair that
 * is not `missing` cannot become `lapsed` through it either (a held 1:1 in the lookback already makes it
 * lapsed or better). The scan reads history before the lookback (`CADENCE_HISTORY_DAYS`) so such a series
 * shows at all.
 */
export function seriesToConfirm(
  calendar: PairCalendar,
  status: PairStatus,
  policy: Pick<CadencePolicy, "floorDays" | "lookaheadDays">,
  now: Date,
): string[] {
  if (status !== "missing") return [];
  const floorStart = now.getTime() - policy.floorDays * DAY;
  const lookaheadEnd = now.getTime() + policy.lookaheadDays * DAY;
  const gone = new Set(calendar.mastersGone ?? []);
  return calendar.series
    .filter((s) => s.range === null && !gone.has(s.id))
    .filter((s) => {
      const starts = [...s.occurrences, ...s.declinedOccurrences]
        .map((o) => Date.parse(o.start))
        .filter((start) => start <= lookaheadEnd);
      return starts.length > 0 && starts.every((start) => start < floorStart);
    })
    .map((s) => s.id)
    .sort();
}
