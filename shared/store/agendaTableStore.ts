// Table Storage for card delivery. A delivery is claimed with an insert that fails on conflict before anything is
// sent, so two overlapping runs (or a run and its retry) never send the same card twice.

import { odata, RestError, type TableClient } from "@azure/data-tables";
import { z } from "zod";
import type { TalkingPoint } from "../domain/agenda/agendaTypes.js";
import {
  type AgendaStores,
  type AskedQuestions,
  type ConversationRecord,
  DEFAULT_PREFERENCES,
  type DeliveryRecord,
  type Preferences,
  type Versioned,
} from "../usecases/ports/agendaStores.js";
import { openTableClient } from "./openTableClient.js";
import type { StorageConnection } from "./storageConnection.js";

/** Row keys forbid / \ # ? and control characters; percent-encoding removes them all, reversibly. */
const safeKey = encodeURIComponent;
const MAX_TICKS = 9_999_999_999_999;
const SINGLE = "all";

const deliverySchema = z.object({
  occurrenceId: z.string(),
  recipientId: z.string(),
  pairKey: z.string(),
  managerId: z.string(),
  reportId: z.string(),
  managerName: z.string(),
  reportName: z.string(),
  timeZone: z.string(),
  language: z.string(),
  state: z.enum(["pending", "sending", "sent", "updated", "cancelled", "blocked"]),
  updatedAt: z.string(),
  activityId: z.string().nullable(),
  conversationId: z.string().nullable(),
  serviceUrl: z.string().nullable(),
  start: z.string(),
  end: z.string(),
  seriesMasterId: z.string().nullable(),
  joinUrl: z.string().nullable(),
  error: z.string().nullable(),
  rhythmDays: z.number().nullable().optional(),
  updating: z.boolean().optional(),
});
const conversationSchema = z.object({
  userId: z.string(),
  conversationId: z.string().nullable(),
  serviceUrl: z.string().nullable(),
  blocked: z.boolean(),
  blockedAt: z.string().nullable(),
});
const talkingPointSchema = z.object({
  id: z.string(),
  pairKey: z.string(),
  authorId: z.string(),
  text: z.string(),
  private: z.boolean(),
  done: z.boolean(),
  createdAt: z.coerce.date(),
});
const preferencesSchema = z.object({
  userId: z.string(),
  leadTime: z.enum(["24h", "2h", "off"]),
  mutedPairs: z.array(z.string()),
});
const askedSchema = z.object({
  pairKey: z.string(),
  occurrenceId: z.string(),
  start: z.string(),
  questionIds: z.array(z.string()),
});

type Row = { data: string };

export class AgendaTableStore implements AgendaStores {
  private constructor(
    private readonly deliveries: TableClient,
    private readonly conversations: TableClient,
    private readonly points: TableClient,
    private readonly preferences: TableClient,
    private readonly asked: TableClient,
    private readonly skips: TableClient,
  ) {}

  /** Opens (and creates when missing) the agenda tables in the storage account. */
  static async open(connection: StorageConnection, prefix = "cadence"): Promise<AgendaTableStore> {
    const table = (name: string) => openTableClient(connection, `${prefix}${name}`);
    const tables = [
      "Deliveries",
      "Conversations",
      "TalkingPoints",
      "Preferences",
      "AskedQuestions",
      "Skips",
    ].map(table) as [TableClient, TableClient, TableClient, TableClient, TableClient, TableClient];
    await Promise.all(tables.map((t) => t.createTable()));
    return new AgendaTableStore(...tables);
  }

  async claimDelivery(record: DeliveryRecord): Promise<boolean> {
    try {
      await this.deliveries.createEntity(deliveryEntity(record));
      return true;
    } catch (err) {
      if (isStatus(err, 409)) return false;
      throw err;
    }
  }

  async getDelivery(
    occurrenceId: string,
    recipientId: string,
  ): Promise<Versioned<DeliveryRecord> | undefined> {
    try {
      const entity = await this.deliveries.getEntity<Row>(safeKey(occurrenceId), safeKey(recipientId));
      return { value: deliverySchema.parse(JSON.parse(entity.data)), etag: entity.etag };
    } catch (err) {
      if (isStatus(err, 404)) return undefined;
      throw err;
    }
  }

  async replaceDelivery(record: DeliveryRecord, etag: string): Promise<string | null> {
    try {
      return (await this.deliveries.updateEntity(deliveryEntity(record), "Replace", { etag })).etag ?? null;
    } catch (err) {
      if (isStatus(err, 412) || isStatus(err, 404)) return null;
      throw err;
    }
  }

  async releaseDelivery(occurrenceId: string, recipientId: string, etag: string): Promise<void> {
    try {
      await this.deliveries.deleteEntity(safeKey(occurrenceId), safeKey(recipientId), { etag });
    } catch (err) {
      if (isStatus(err, 412) || isStatus(err, 404)) return;
      throw err;
    }
  }

  async listShownSince(from: Date): Promise<DeliveryRecord[]> {
    const found: DeliveryRecord[] = [];
    const filter = odata`(state eq 'sent' or state eq 'updated') and start ge ${from.toISOString()}`;
    for await (const entity of this.deliveries.listEntities<Row>({ queryOptions: { filter } })) {
      found.push(deliverySchema.parse(JSON.parse(entity.data)));
    }
    return found;
  }

  async findByActivity(conversationId: string, activityId: string): Promise<DeliveryRecord | undefined> {
    const filter = odata`activityId eq ${activityId} and conversationId eq ${conversationId}`;
    for await (const entity of this.deliveries.listEntities<Row>({ queryOptions: { filter } })) {
      return deliverySchema.parse(JSON.parse(entity.data));
    }
    return undefined;
  }

  async getConversation(userId: string): Promise<ConversationRecord | undefined> {
    return this.getRow(this.conversations, SINGLE, userId, conversationSchema);
  }

  async saveConversation(record: ConversationRecord): Promise<void> {
    await this.putRow(this.conversations, SINGLE, record.userId, record);
  }

  async listTalkingPoints(pairKey: string): Promise<TalkingPoint[]> {
    const points: TalkingPoint[] = [];
    const filter = odata`PartitionKey eq ${safeKey(pairKey)}`;
    for await (const entity of this.points.listEntities<Row>({ queryOptions: { filter } })) {
      points.push(talkingPointSchema.parse(JSON.parse(entity.data)));
    }
    return points.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  }

  async saveTalkingPoint(point: TalkingPoint): Promise<void> {
    await this.putRow(this.points, point.pairKey, point.id, point);
  }

  async getPreferences(userId: string): Promise<Preferences> {
    return (
      (await this.getRow(this.preferences, SINGLE, userId, preferencesSchema)) ?? {
        userId,
        ...DEFAULT_PREFERENCES,
      }
    );
  }

  async savePreferences(preferences: Preferences): Promise<void> {
    await this.putRow(this.preferences, SINGLE, preferences.userId, preferences);
  }

  async recordAsked(asked: AskedQuestions): Promise<void> {
    await this.putRow(this.asked, asked.pairKey, askedRowKey(asked.start, asked.occurrenceId), asked);
  }

  /** Row keys hold inverted start ticks, so a partition reads newest meeting first. */
  async recentAsked(pairKey: string, before: Date, limit: number): Promise<AskedQuestions[]> {
    const found: AskedQuestions[] = [];
    const filter = odata`PartitionKey eq ${safeKey(pairKey)} and RowKey gt ${`${invertedTicks(before)}.`}`;
    for await (const entity of this.asked.listEntities<Row>({ queryOptions: { filter } })) {
      found.push(askedSchema.parse(JSON.parse(entity.data)));
      if (found.length >= limit) break;
    }
    return found;
  }

  async skipOccurrence(occurrenceId: string, userId: string, at: Date): Promise<void> {
    await this.skips.upsertEntity(
      { partitionKey: safeKey(occurrenceId), rowKey: safeKey(userId), skippedAt: at.toISOString() },
      "Replace",
    );
  }

  async isSkipped(occurrenceId: string, userId: string): Promise<boolean> {
    try {
      await this.skips.getEntity(safeKey(occurrenceId), safeKey(userId));
      return true;
    } catch (err) {
      if (isStatus(err, 404)) return false;
      throw err;
    }
  }

  private async getRow<T>(
    table: TableClient,
    pk: string,
    rk: string,
    schema: z.ZodType<T>,
  ): Promise<T | undefined> {
    try {
      const entity = await table.getEntity<Row>(safeKey(pk), safeKey(rk));
      return schema.parse(JSON.parse(entity.data));
    } catch (err) {
      if (isStatus(err, 404)) return undefined;
      throw err;
    }
  }

  private async putRow(table: TableClient, pk: string, rk: string, value: unknown): Promise<void> {
    await table.upsertEntity(
      { partitionKey: safeKey(pk), rowKey: safeKey(rk), data: JSON.stringify(value) },
      "Replace",
    );
  }
}

/** The record as one JSON column plus copies of the fields queries filter on. */
function deliveryEntity(record: DeliveryRecord) {
  return {
    partitionKey: safeKey(record.occurrenceId),
    rowKey: safeKey(record.recipientId),
    data: JSON.stringify(record),
    state: record.state,
    start: record.start,
    activityId: record.activityId ?? "",
    conversationId: record.conversationId ?? "",
  };
}

function invertedTicks(at: Date): string {
  return String(MAX_TICKS - at.getTime()).padStart(13, "0");
}

function askedRowKey(start: string, occurrenceId: string): string {
  return `${invertedTicks(new Date(start))}-${safeKey(occurrenceId)}`;
}

function isStatus(err: unknown, status: number): boolean {
  return err instanceof RestError && err.statusCode === status;
}
