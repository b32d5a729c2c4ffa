// The incremental store against Azurite (each test in its own tables), and its in-memory twin on the same contract.
import { randomUUID } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import type { PairBaseline } from "../../../shared/domain/pairBaseline.js";
import { IncrementalStore } from "../../../shared/store/incrementalStore.js";
import { MemoryIncrementalStore } from "../../../shared/store/memoryIncrementalStore.js";
import type { IncrementalStorePort } from "../../../shared/usecases/ports/incrementalRecords.js";

const baseline = (managerId: string, reportId: string, start = "2026-06-01T00:00:00.000Z"): PairBaseline => ({
  managerId,
  reportId,
  addressKey: `${managerId}|${reportId}`,
  windowStart: "2026-08-27T09:00:00.000Z",
  windowEnd: "2027-01-27T09:00:00.000Z",
  readAt: "2026-11-25T09:00:00.000Z",
  result: {
    calendar: {
      timeZone: "UTC",
      singles: [{ start, createdAt: start }],
      series: [],
    },
  },
});

const stores: Array<[string, () => Promise<IncrementalStorePort>]> = [
  [
    "Table Storage",
    () => IncrementalStore.open(inject("azuriteConnectionString"), `t${randomUUID().slice(0, 8)}`),
  ],
  ["memory", async () => new MemoryIncrementalStore()],
];

describe.each(stores)("incremental store (%s)", (_name, open) => {
  it("keeps the latest directory snapshot whole, however many chunks it takes", async () => {
    const store = await open();
    expect(await store.loadDirectory()).toBeUndefined();
    // Random names compress badly, so 6,000 users span several 60 KiB chunks.
    const users = Array.from({ length: 6000 }, (_, i) => ({
      id: randomUUID(),
      userPrincipalName: `${randomUUID()}@contoso.com`,
      mail: i % 7 === 0 ? null : `${randomUUID()}@contoso.com`,
      managerId: i === 0 ? null : randomUUID(),
      displayName: `User ${i}`,
      department: null,
      accountEnabled: true,
    }));
    await store.saveDirectory({
      users,
      deltaLink: "https://graph/v1.0/users/delta?$deltatoken=1",
      savedAt: "2026-11-25T09:00:00.000Z",
    });
    await store.saveDirectory({
      users: users.slice(0, 10),
      deltaLink: "https://graph/v1.0/users/delta?$deltatoken=2",
      savedAt: "2026-11-26T09:00:00.000Z",
    });
    const loaded = await store.loadDirectory();
    expect(loaded?.deltaLink).toBe("https://graph/v1.0/users/delta?$deltatoken=2");
    expect(loaded?.users).toEqual(users.slice(0, 10));
  });

  it("replaces a pair's baseline, lists them all and deletes by pair, ids case-insensitive", async () => {
    const store = await open();
    await store.saveBaselines([baseline("M1", "r1"), baseline("m1", "r2"), baseline("m2", "r3")]);
    await store.saveBaselines([baseline("m1", "R1", "2026-07-01T00:00:00.000Z")]);
    const all = await store.listBaselines();
    expect(all).toHaveLength(3);
    expect(all.find((b) => b.reportId.toLowerCase() === "r1")?.result).toEqual(
      baseline("m1", "r1", "2026-07-01T00:00:00.000Z").result,
    );
    await store.deleteBaselines([
      { managerId: "m1", reportId: "r2" },
      { managerId: "nobody", reportId: "x" },
    ]);
    expect((await store.listBaselines()).map((b) => b.reportId).sort()).toEqual(["R1", "r3"]);
  });

  it("clears a dirty mark only at the version read: a newer notification keeps it", async () => {
    const store = await open();
    await store.markDirty(["m1", "m2"], new Date("2026-11-25T09:00:00Z"));
    const seen = await store.listDirty();
    await store.markDirty(["m2"], new Date("2026-11-25T09:01:00Z"));
    await store.clearDirty(seen);
    expect((await store.listDirty()).map((m) => m.mailbox)).toEqual(["m2"]);
    await store.clearDirty(seen); // again: gone or changed, both fine
    await store.clearDirty(await store.listDirty());
    expect(await store.listDirty()).toEqual([]);
  });

  it("keeps one subscription per mailbox", async () => {
    const store = await open();
    const sub = { mailbox: "m1", subscriptionId: "s1", expirationDateTime: "2026-12-01T09:00:00.000Z" };
    await store.saveSubscriptions([sub, { ...sub, mailbox: "m2", subscriptionId: "s2" }]);
    await store.saveSubscriptions([{ ...sub, expirationDateTime: "2026-12-02T09:00:00.000Z" }]);
    expect((await store.listSubscriptions()).sort((a, b) => a.mailbox.localeCompare(b.mailbox))).toEqual([
      { ...sub, expirationDateTime: "2026-12-02T09:00:00.000Z" },
      { ...sub, mailbox: "m2", subscriptionId: "s2" },
    ]);
    await store.deleteSubscriptions(["M2", "m3"]);
    expect((await store.listSubscriptions()).map((s) => s.subscriptionId)).toEqual(["s1"]);
  });
});
