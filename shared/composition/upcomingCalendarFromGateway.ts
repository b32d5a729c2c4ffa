import { readEventsByIds } from "../graph/readEventsByIds.js";
import { readMailboxSettings } from "../graph/readMailboxSettings.js";
import { readUpcomingOccurrences } from "../graph/readUpcomingOccurrences.js";
import type { GraphGateway } from "../graph/types.js";
import type { SchedulingGraph } from "../usecases/ports/schedulingGraph.js";
import type { UpcomingCalendar } from "../usecases/ports/upcomingCalendar.js";

/** What card delivery reads from Graph, over the real gateway. */
export function upcomingCalendarFromGateway(
  gateway: GraphGateway,
): UpcomingCalendar & Pick<SchedulingGraph, "readMailboxSettings"> {
  return {
    readUpcomingOccurrences: (managerIds, window) => readUpcomingOccurrences(gateway, managerIds, window),
    readEventsByIds: (refs) => readEventsByIds(gateway, refs),
    readMailboxSettings: (users) => readMailboxSettings(gateway, users),
  };
}
