// The ports the scan use cases receive: the Graph readers, the scan store and the clock.
import type { Event } from "@microsoft/microsoft-graph-types";
import type { UserChange } from "../domain/applyUsersDelta.js";
import type { DirectoryUser } from "../domain/pairsFromDirectory.js";
import type { AppError } from "../errors.js";
import type { SubscriptionChange, SubscriptionState } from "../graph/manageSubscriptions.js";
import type { EventRef } from "../graph/readEvents.js";
import type { KeyedResult } from "../graph/types.js";
import type { IncrementalStorePort } from "../store/incrementalRecords.js";
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
  /**
   * Series masters by id, one result per ref in order (GRAPH.NOT_FOUND for a deleted one): read once per run for
   * the pairs only a master can settle. Without it those pairs stay as their calendarView shows them.
   */
  readEvents?(refs: readonly EventRef[]): Promise<KeyedResult<Event>[]>;
}

/** What incremental scans and their subscriptions need from Graph besides the full scan's readers. */
export interface IncrementalGraph {
  /** A users deltaLink tracking changes from now on (one request, no listing). */
  latestUsersDeltaLink(): Promise<string>;
  /** Users changed since `deltaLink`; GRAPH.SYNC_STATE_EXPIRED when Graph no longer knows it. */
  readUsersDelta(deltaLink: string): Promise<{ users: UserChange[]; deltaLink: string }>;
  manageSubscriptions(
    changes: readonly SubscriptionChange[],
  ): Promise<Map<string, KeyedResult<SubscriptionState | null>>>;
}

/** With these, scans keep what they read and later scans read only what changed; without them every scan is full. */
export interface IncrementalPorts {
  store: IncrementalStorePort;
  graph: Pick<IncrementalGraph, "latestUsersDeltaLink" | "readUsersDelta">;
}

export type ScanStorePort = Pick<
  ScanStore,
  "saveRun" | "getRun" | "writePairs" | "listPairs" | "markShardDone" | "isShardDone" | "shardProgress"
>;

export interface Clock {
  now(): Date;
}
