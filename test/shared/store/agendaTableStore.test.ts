// The agenda tables on Azurite: the claim that keeps cards exactly-once, optimistic replaces, and the queries.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { AgendaTableStore } from "../../../shared/store/agendaTableStore.js";
import { MemoryAgendaStore } from "../../../shared/store/memoryAgendaStore.js";
import type { AgendaStores, DeliveryRecord } from "../../../shared/usecases/ports/agendaStores.js";

// The memory store (CLI, unit tests) must keep the same contract as the tables, so both run the same cases.
const stores: [string, () => Promise<AgendaStores>][] = [
  [
    "AgendaTableStore on Azurite",
    () => AgendaTableStore.open(inject("azuriteConnectionString"), `t${randomUUID().slice(0, 8)}`),
  ],
  ["MemoryAgendaStore", async () => new MemoryAgendaStore()],
];

const delivery = (
  occurrenceId: string,
  recipientId: string,
  over: Partial<DeliveryRecord> = {},
): DeliveryRecord => ({
  occurrenceId,
  recipientId,
  pairKey: "m/1|r#2",
  managerId: "m/1",
  reportId: "r#2",
  managerName: "Mia",
  reportName: "Raj",
  timeZone: "W. Europe Standard Time",
  language: "it-IT",
  state: "pending",
  updatedAt: "2026-12-01T08:00:00.000Z",
  activityId: null,
  conversationId: null,
  serviceUrl: null,
  start: "2026-12-02T09:00:00.000Z",
  end: "2026-12-02T09:30:00.000Z",
  seriesMasterId: "AAMk-master",
  joinUrl: "https://teams.microsoft.com/l/meetup-join/x",
  error: null,
  ...over,
});

describe.each(stores)("%s", (_name, open) => {
  let store: AgendaStores;
  beforeAll(async () => {
    store = await open();
  });

  it("claims a delivery once: the second insert for the same occurrence and person is refused", async () => {
    const occ = `AAMk/${randomUUID()}==`;
    expect(await store.claimDelivery(delivery(occ, "m/1"))).toBe(true);
    expect(await store.claimDelivery(delivery(occ, "m/1", { updatedAt: "2026-12-01T08:05:00.000Z" }))).toBe(
      false,
    );
    expect(await store.claimDelivery(delivery(occ, "r#2"))).toBe(true);
    expect((await store.getDelivery(occ, "m/1"))?.value.updatedAt).toBe("2026-12-01T08:00:00.000Z");
  });

  it("replaces only at the version read, and releases a claim so it can be claimed again", async () => {
    const occ = `occ-${randomUUID()}`;
    await store.claimDelivery(delivery(occ, "m/1"));
    const read = (await store.getDelivery(occ, "m/1"))!;
    const etag = await store.replaceDelivery({ ...read.value, state: "sending" }, read.etag);
    expect(etag).toEqual(expect.any(String));
    expect(await store.replaceDelivery({ ...read.value, state: "sent" }, read.etag)).toBeNull();
    const now = (await store.getDelivery(occ, "m/1"))!;
    expect(now).toEqual({ value: { ...read.value, state: "sending" }, etag });
    await store.releaseDelivery(occ, "m/1", read.etag);
    expect(await store.getDelivery(occ, "m/1")).toBeDefined();
    await store.releaseDelivery(occ, "m/1", now.etag);
    expect(await store.getDelivery(occ, "m/1")).toBeUndefined();
    expect(await store.claimDelivery(delivery(occ, "m/1"))).toBe(true);
  });

  it("lists shown cards from an instant and finds one by its activity", async () => {
    const occ = `occ-${randomUUID()}`;
    const conv = `a:${randomUUID()}`;
    await store.claimDelivery(
      delivery(occ, "m/1", {
        state: "sent",
        activityId: "1|0001",
        conversationId: conv,
        start: "2030-01-01T09:00:00.000Z",
      }),
    );
    await store.claimDelivery(delivery(occ, "r#2", { state: "pending", start: "2030-01-01T09:00:00.000Z" }));
    const shown = await store.listShownSince(new Date("2029-12-31T00:00:00Z"));
    expect(shown.map((d) => `${d.occurrenceId}/${d.recipientId}`)).toEqual([`${occ}/m/1`]);
    expect(await store.listShownSince(new Date("2030-01-02T00:00:00Z"))).toEqual([]);
    expect((await store.findByActivity(conv, "1|0001"))?.recipientId).toBe("m/1");
    expect(await store.findByActivity(conv, "1|0002")).toBeUndefined();
  });

  it("returns the pair's asked questions before an instant, newest meeting first", async () => {
    const pairKey = `p/${randomUUID()}`;
    for (const [i, start] of ["2026-11-01", "2026-11-15", "2026-11-29", "2026-12-13"].entries()) {
      await store.recordAsked({
        pairKey,
        occurrenceId: `o${i}`,
        start: `${start}T09:00:00.000Z`,
        questionIds: [`q${i}`],
      });
    }
    const recent = await store.recentAsked(pairKey, new Date("2026-12-13T09:00:00.000Z"), 2);
    expect(recent.map((a) => a.occurrenceId)).toEqual(["o2", "o1"]);
  });

  it("keeps talking points, preferences, conversations and skips", async () => {
    const pairKey = `p/${randomUUID()}`;
    const base = { pairKey, authorId: "m/1", private: false, done: false };
    await store.saveTalkingPoint({
      ...base,
      id: "b",
      text: "later",
      createdAt: new Date("2026-12-02T00:00:00Z"),
    });
    await store.saveTalkingPoint({
      ...base,
      id: "a",
      text: "first",
      private: true,
      createdAt: new Date("2026-12-01T00:00:00Z"),
    });
    const points = await store.listTalkingPoints(pairKey);
    expect(points.map((p) => [p.id, p.private, p.createdAt.toISOString()])).toEqual([
      ["a", true, "2026-12-01T00:00:00.000Z"],
      ["b", false, "2026-12-02T00:00:00.000Z"],
    ]);
    const user = `u/${randomUUID()}`;
    expect(await store.getPreferences(user)).toEqual({ userId: user, leadTime: "24h", mutedPairs: [] });
    await store.savePreferences({ userId: user, leadTime: "off", mutedPairs: [pairKey] });
    expect((await store.getPreferences(user)).leadTime).toBe("off");
    await store.saveConversation({
      userId: user,
      conversationId: "a:1",
      serviceUrl: "https://x/",
      blocked: true,
      blockedAt: "2026-12-01T00:00:00.000Z",
    });
    expect((await store.getConversation(user))?.blocked).toBe(true);
    expect(await store.isSkipped("occ/1", user)).toBe(false);
    await store.skipOccurrence("occ/1", user, new Date("2026-12-01T00:00:00Z"));
    expect(await store.isSkipped("occ/1", user)).toBe(true);
  });
});
