// What card delivery keeps between runs (issue 10): deliveries, conversations, talking points, preferences, asked
// questions and skipped occurrences. Azure Table adapters in shared/store/agendaTableStore.ts, memory ones in
// shared/store/memoryAgendaStore.ts; both implement every interface here.
import type { TalkingPoint } from "../../domain/agenda/agendaTypes.js";

/**
 * One card to one person for one occurrence. `pending`: claimed, nothing sent yet (a crash here is safe to take
 * over). `sending`: the send is under way — a crash here leaves it unknown whether the card arrived, so it is never
 * sent again (reported instead). `sent` → `updated` (moved) / `cancelled`. `blocked`: the person blocked the bot.
 */
export type DeliveryState = "pending" | "sending" | "sent" | "updated" | "cancelled" | "blocked";

export interface DeliveryRecord {
  /** Graph's occurrence id in the manager's calendar, or `digest:<manager>:<week>` for a manager digest. */
  occurrenceId: string;
  recipientId: string;
  pairKey: string;
  managerId: string;
  reportId: string;
  /** Names and the recipient's zone and language as on the card, so a card action can refresh it without Graph. */
  managerName: string;
  reportName: string;
  timeZone: string;
  language: string;
  state: DeliveryState;
  /** When this state was written (ISO-8601): a `pending` claim older than the lease was left by a crash. */
  updatedAt: string;
  activityId: string | null;
  conversationId: string | null;
  serviceUrl: string | null;
  /** The occurrence's start and end as last shown on the card (ISO-8601 UTC). */
  start: string;
  end: string;
  seriesMasterId: string | null;
  joinUrl: string | null;
  error: string | null;
  /** The pair's rhythm in days as the scan measured it, so a refreshed or updated card keeps its cadence line. */
  rhythmDays?: number | null | undefined;
  /**
   * A run has claimed an update of this card (moved or cancelled) and not recorded it yet. The record keeps the
   * times the card shows until the update is recorded, so when the run died a later one still sees the change and,
   * once `updatedAt` is older than the claim lease, replaces the card again (the same PUT: nothing doubles).
   */
  updating?: boolean | undefined;
}

/** An opaque version for optimistic concurrency (Table Storage's ETag). */
export type Versioned<T> = { value: T; etag: string };

export interface DeliveryStore {
  /** Inserts the claim; false when a record for (occurrence, recipient) exists already (Table Storage 409). */
  claimDelivery(record: DeliveryRecord): Promise<boolean>;
  getDelivery(occurrenceId: string, recipientId: string): Promise<Versioned<DeliveryRecord> | undefined>;
  /** Replaces the record if it is still at `etag`: its new etag, or null when another run changed it first (412). */
  replaceDelivery(record: DeliveryRecord, etag: string): Promise<string | null>;
  /** Removes a claim whose send failed for sure, so a later run tries again. */
  releaseDelivery(occurrenceId: string, recipientId: string, etag: string): Promise<void>;
  /** Sent or updated cards whose shown start is at or after `from`: the ones a move or cancellation may touch. */
  listShownSince(from: Date): Promise<DeliveryRecord[]>;
  findByActivity(conversationId: string, activityId: string): Promise<DeliveryRecord | undefined>;
}

export interface ConversationRecord {
  userId: string;
  conversationId: string | null;
  serviceUrl: string | null;
  blocked: boolean;
  /** When the bot was found blocked (ISO-8601), else null. */
  blockedAt: string | null;
}

export interface ConversationStore {
  getConversation(userId: string): Promise<ConversationRecord | undefined>;
  saveConversation(record: ConversationRecord): Promise<void>;
}

export interface TalkingPointStore {
  /** Every talking point of the pair, open and done, oldest first. */
  listTalkingPoints(pairKey: string): Promise<TalkingPoint[]>;
  saveTalkingPoint(point: TalkingPoint): Promise<void>;
}

export type LeadTime = "24h" | "2h" | "off";

export interface Preferences {
  userId: string;
  leadTime: LeadTime;
  mutedPairs: string[];
}

export interface PreferenceStore {
  /** The person's preferences; defaults (24 h, nothing muted) when they never set any. */
  getPreferences(userId: string): Promise<Preferences>;
  savePreferences(preferences: Preferences): Promise<void>;
}

export interface AskedQuestions {
  pairKey: string;
  occurrenceId: string;
  /** The meeting's start (ISO-8601 UTC): meetings are ordered by it. */
  start: string;
  questionIds: string[];
}

export interface QuestionHistoryStore {
  /** Records the questions a meeting's card asked; the same meeting recorded again is replaced. */
  recordAsked(asked: AskedQuestions): Promise<void>;
  /** The pair's meetings that started before `before`, most recent first, at most `limit`. */
  recentAsked(pairKey: string, before: Date, limit: number): Promise<AskedQuestions[]>;
}

export interface SkipStore {
  /** The person skipped this occurrence from its card: no card, no update for them. */
  skipOccurrence(occurrenceId: string, userId: string, at: Date): Promise<void>;
  isSkipped(occurrenceId: string, userId: string): Promise<boolean>;
}

export type AgendaStores = DeliveryStore &
  ConversationStore &
  TalkingPointStore &
  PreferenceStore &
  QuestionHistoryStore &
  SkipStore;

export const DEFAULT_PREFERENCES: Omit<Preferences, "userId"> = { leadTime: "24h", mutedPairs: [] };
