// The ports the scan use cases receive: the Graph readers, the clock, and the shapes they exchange.
import type { Event } from "@microsoft/microsoft-graph-types";
import type { UserChange } from "../../domain/applyUsersDelta.js";
import type { DirectoryEntry } from "../../domain/pairsFromDirectory.js";
import type { AppError } from "../../errors.js";
import type { IncrementalStorePort } from "./incrementalRecords.js";
import type { KeyedResult } from "./keyedResult.js";

export type { DirectoryEntry };

export type CalendarRead = { ok: true; value: Event[] } | { ok: false; error: AppError };

export interface EventRef {
  /** User id or UPN whose calendar holds the event. */
  mailbox: string;
  id: string;
}

/** One subscription change to make; `key` names it in the answer (the caller's mailbox id). */
export type SubscriptionChange =
  | {
      kind: "create";
      key: string;
      /** e.g. `users/{id}/events` */
      resource: string;
      changeType: string;
      /** Graph POSTs the validation handshake here before it answers the create, then every notification. */
      notificationUrl: string;
      /** Echoed in every notification; a notification without it is not from this subscription. */
      clientState: string;
      expirationDateTime: Date;
      /** Where Graph posts lifecycle notifications (missed, subscriptionRemoved, reauthorizationRequired). */
      lifecycleNotificationUrl?: string;
    }
  | { kind: "renew"; key: string; subscriptionId: string; expirationDateTime: Date }
  | { kind: "delete"; key: string; subscriptionId: string };

/** What Graph answered for a create or a renew; a delete answers null. */
export interface SubscriptionState {
  id: string;
  expirationDateTime: string;
}

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

export interface Clock {
  now(): Date;
}
