// The ports the scan use cases receive: the Graph readers, the scan store and the clock.
import type { Event } from "@microsoft/microsoft-graph-types";
import type { DirectoryUser } from "../domain/pairsFromDirectory.js";
import type { AppError } from "../errors.js";
import type { ScanStore } from "../store/scanStore.js";

/** A directory user with what the report shows besides the pair. */
export type DirectoryEntry = DirectoryUser & { displayName?: string | null; department?: string | null };

export type CalendarRead = { ok: true; value: Event[] } | { ok: false; error: AppError };

export interface ScanGraph {
  /** Every user with their current manager's id. */
  listUsers(): Promise<DirectoryEntry[]>;
  /** Each mailbox's calendarView over the window (UTC times), or why it could not be read. */
  readCalendarViews(
    mailboxes: readonly string[],
    window: { start: Date; end: Date },
  ): Promise<Map<string, CalendarRead>>;
}

export type ScanStorePort = Pick<
  ScanStore,
  "saveRun" | "getRun" | "writePairs" | "listPairs" | "markShardDone" | "shardProgress"
>;

export interface Clock {
  now(): Date;
}
