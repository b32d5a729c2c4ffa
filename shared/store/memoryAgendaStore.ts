// The agenda stores in memory, for the CLI's `cadence cards` and unit tests: same contract as AgendaTableStore.
import type { TalkingPoint } from "../domain/agenda/agendaTypes.js";
import * as agenda from "../usecases/ports/agendaStores.js";

const key = (...parts: string[]) => parts.join("\u0000");

export class MemoryAgendaStore implements agenda.AgendaStores {
  private readonly deliveries = new Map<string, agenda.Versioned<agenda.DeliveryRecord>>();
  private readonly conversations = new Map<string, agenda.ConversationRecord>();
  private readonly points = new Map<string, TalkingPoint>();
  private readonly preferences = new Map<string, agenda.Preferences>();
  private readonly asked = new Map<string, agenda.AskedQuestions>();
  private readonly skips = new Set<string>();
  private version = 0;

  async claimDelivery(record: agenda.DeliveryRecord): Promise<boolean> {
    const k = key(record.occurrenceId, record.recipientId);
    if (this.deliveries.has(k)) return false;
    this.deliveries.set(k, { value: structuredClone(record), etag: this.nextEtag() });
    return true;
  }

  async getDelivery(occurrenceId: string, recipientId: string) {
    const found = this.deliveries.get(key(occurrenceId, recipientId));
    return found && structuredClone(found);
  }

  async replaceDelivery(record: agenda.DeliveryRecord, etag: string): Promise<string | null> {
    const k = key(record.occurrenceId, record.recipientId);
    if (this.deliveries.get(k)?.etag !== etag) return null;
    const next = this.nextEtag();
    this.deliveries.set(k, { value: structuredClone(record), etag: next });
    return next;
  }

  async releaseDelivery(occurrenceId: string, recipientId: string, etag: string): Promise<void> {
    const k = key(occurrenceId, recipientId);
    if (this.deliveries.get(k)?.etag === etag) this.deliveries.delete(k);
  }

  async listShownSince(from: Date): Promise<agenda.DeliveryRecord[]> {
    return [...this.deliveries.values()]
      .map((d) => d.value)
      .filter((d) => (d.state === "sent" || d.state === "updated") && Date.parse(d.start) >= from.getTime())
      .map((d) => structuredClone(d));
  }

  async findByActivity(
    conversationId: string,
    activityId: string,
  ): Promise<agenda.DeliveryRecord | undefined> {
    const found = [...this.deliveries.values()].find(
      (d) => d.value.conversationId === conversationId && d.value.activityId === activityId,
    );
    return found && structuredClone(found.value);
  }

  /** Every delivery record, for the CLI and tests. */
  allDeliveries(): agenda.DeliveryRecord[] {
    return [...this.deliveries.values()].map((d) => structuredClone(d.value));
  }

  async getConversation(userId: string): Promise<agenda.ConversationRecord | undefined> {
    const found = this.conversations.get(userId);
    return found && structuredClone(found);
  }

  async saveConversation(record: agenda.ConversationRecord): Promise<void> {
    this.conversations.set(record.userId, structuredClone(record));
  }

  async listTalkingPoints(pairKey: string): Promise<TalkingPoint[]> {
    return [...this.points.values()]
      .filter((p) => p.pairKey === pairKey)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id))
      .map((p) => structuredClone(p));
  }

  async saveTalkingPoint(point: TalkingPoint): Promise<void> {
    this.points.set(key(point.pairKey, point.id), structuredClone(point));
  }

  async getPreferences(userId: string): Promise<agenda.Preferences> {
    return structuredClone(this.preferences.get(userId) ?? { userId, ...agenda.DEFAULT_PREFERENCES });
  }

  async savePreferences(preferences: agenda.Preferences): Promise<void> {
    this.preferences.set(preferences.userId, structuredClone(preferences));
  }

  async recordAsked(asked: agenda.AskedQuestions): Promise<void> {
    this.asked.set(key(asked.pairKey, asked.occurrenceId), structuredClone(asked));
  }

  async recentAsked(pairKey: string, before: Date, limit: number): Promise<agenda.AskedQuestions[]> {
    return [...this.asked.values()]
      .filter((a) => a.pairKey === pairKey && Date.parse(a.start) < before.getTime())
      .sort((a, b) => Date.parse(b.start) - Date.parse(a.start))
      .slice(0, limit)
      .map((a) => structuredClone(a));
  }

  async skipOccurrence(occurrenceId: string, userId: string, _at: Date): Promise<void> {
    this.skips.add(key(occurrenceId, userId));
  }

  async isSkipped(occurrenceId: string, userId: string): Promise<boolean> {
    return this.skips.has(key(occurrenceId, userId));
  }

  private nextEtag(): string {
    this.version += 1;
    return `W/"${this.version}"`;
  }
}
