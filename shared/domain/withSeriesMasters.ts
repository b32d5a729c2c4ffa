// Adds what series masters read after the calendarView say to a pair's calendar (the run's series confirmation).
import type { Event } from "@microsoft/microsoft-graph-types";
import type { PairAddresses } from "./meetsOnlyPair.js";
import { type PairCalendar, pairCalendarSchema } from "./pairCalendar.js";
import { seriesFromMaster } from "./seriesFromMaster.js";

/**
 * For each series id looked up: a master that is a 1:1 of the pair lends the series its recurrence (keeping the
 * occurrences the view showed), so a running series whose occurrences are cancelled counts as existing; a master
 * of another meeting turns the series' held occurrences into singles, as `pairCalendarFromEvents` does; no
 * master (`null`: 404), a cancelled master or an unusable one leaves the series as its occurrences show it and
 * records it in `mastersGone`. Ids not in the calendar are ignored.
 */
export function withSeriesMasters(
  calendar: PairCalendar,
  pair: PairAddresses,
  masters: ReadonlyMap<string, Event | null>,
): PairCalendar {
  const singles = [...calendar.singles];
  const gone = new Set(calendar.mastersGone ?? []);
  const series: PairCalendar["series"] = [];
  for (const s of calendar.series) {
    const master = masters.get(s.id);
    if (master === undefined) {
      series.push(s);
      continue;
    }
    const read = master && !master.isCancelled ? seriesFromMaster(master, pair) : null;
    if (read === "notThePair") {
      singles.push(...s.occurrences.map((o) => ({ start: o.start, createdAt: s.createdAt })));
    } else if (read && read.id === s.id) {
      series.push({
        ...read,
        occurrences: s.occurrences,
        declinedOccurrences: s.declinedOccurrences,
      });
    } else {
      gone.add(s.id);
      series.push(s);
    }
  }
  return pairCalendarSchema.parse({
    ...calendar,
    singles,
    series,
    ...(gone.size > 0 ? { mastersGone: [...gone].sort() } : {}),
  });
}
