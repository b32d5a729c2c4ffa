// The fewest Graph round trips any full scan can make: the directory with each user's manager in pages of 100
// (Graph serves `$expand` on directory objects at most 100 per page, whatever `$top` asks), then the calendars of
// the managers it must read, 20 per `$batch`.
import { pairsFromDirectory } from "../../shared/domain/pairsFromDirectory.js";
import type { DirectoryEntry } from "../../shared/usecases/ports/scanPorts.js";

export const USERS_PER_PAGE = 100;
export const REQUESTS_PER_BATCH = 20;

export interface LowerBound {
  directoryPages: number;
  calendarBatches: number;
  total: number;
}

export function lowerBound(directoryUsers: number, managersWithCalendar: number): LowerBound {
  const directoryPages = Math.max(1, Math.ceil(directoryUsers / USERS_PER_PAGE));
  const calendarBatches = Math.ceil(managersWithCalendar / REQUESTS_PER_BATCH);
  return { directoryPages, calendarBatches, total: directoryPages + calendarBatches };
}

/**
 * Managers the scan has to read, counted as scanTenant decides it: a manager with at least one pair that the
 * directory does not already exclude (configured exclusions, or no mailbox on either side: `mail` empty).
 */
export function managersToRead(users: readonly DirectoryEntry[]): Set<string> {
  const byId = new Map(users.map((u) => [u.id, u]));
  const managers = new Set<string>();
  for (const pair of pairsFromDirectory(users)) {
    if (pair.exclusion) continue;
    if (!byId.get(pair.managerId)?.mail || !byId.get(pair.reportId)?.mail) continue;
    managers.add(pair.managerId);
  }
  return managers;
}
