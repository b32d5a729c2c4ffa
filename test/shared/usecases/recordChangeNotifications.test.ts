import { describe, expect, it } from "vitest";
import { MemoryIncrementalStore } from "../../../shared/store/memoryIncrementalStore.js";
import { changeNotificationCollectionSchema } from "../../../shared/usecases/ports/changeNotificationCollectionSchema.js";
import { recordChangeNotifications } from "../../../shared/usecases/recordChangeNotifications.js";

const SECRET = "record-notifications-secret";
const n = (resource: string, clientState: string | null = SECRET) => ({
  subscriptionId: `sub-${resource.length}`,
  changeType: "updated",
  resource,
  clientState,
});

describe("recordChangeNotifications", () => {
  it("marks each mailbox once, from Graph's path or OData key form; ignores wrong secrets and other resources", async () => {
    const store = new MemoryIncrementalStore();
    const body = changeNotificationCollectionSchema.parse({
      value: [
        n("Users/aaa/Events/AAMk1"),
        n("Users/aaa/Events/AAMk2"),
        n("Users('bbb')/Events('AAMk3')"),
        n("Users/ccc/Events/AAMk4", "not-the-secret"),
        n("Users/ddd/Events/AAMk5", null),
        n("Users/eee/Messages/AAMk6"),
      ],
    });
    const recorded = await recordChangeNotifications(
      { store, clock: { now: () => new Date("2026-11-25T09:00:00Z") }, clientState: SECRET },
      body,
    );
    expect(recorded.marked).toEqual(["aaa", "bbb"]);
    expect(recorded.ignored.map((i) => i.why)).toEqual([
      "clientStateMismatch",
      "clientStateMismatch",
      "unknownResource",
    ]);
    expect((await store.listDirty()).map((m) => m.mailbox)).toEqual(["aaa", "bbb"]);
  });

  it("acts on lifecycle notifications by the subscription's mailbox: missed and removed mark it, removed forgets it", async () => {
    const store = new MemoryIncrementalStore();
    const expires = "2026-11-30T09:00:00Z";
    await store.saveSubscriptions([
      { mailbox: "aaa", subscriptionId: "s-a", expirationDateTime: expires },
      { mailbox: "bbb", subscriptionId: "s-b", expirationDateTime: expires },
      { mailbox: "ccc", subscriptionId: "s-c", expirationDateTime: expires },
    ]);
    const lifecycle = (subscriptionId: string, lifecycleEvent: string, clientState = SECRET) => ({
      subscriptionId,
      subscriptionExpirationDateTime: expires,
      tenantId: "t",
      clientState,
      lifecycleEvent,
    });
    const body = changeNotificationCollectionSchema.parse({
      value: [
        lifecycle("s-a", "missed"),
        lifecycle("s-b", "subscriptionRemoved"),
        lifecycle("s-c", "reauthorizationRequired"),
        lifecycle("s-a", "subscriptionRemoved", "forged"),
        lifecycle("s-unknown", "missed"),
      ],
    });
    const recorded = await recordChangeNotifications(
      { store, clock: { now: () => new Date("2026-11-25T09:00:00Z") }, clientState: SECRET },
      body,
    );
    expect(recorded.marked).toEqual(["aaa", "bbb"]);
    expect(recorded.resubscribe).toEqual({ recreate: ["bbb"], reauthorize: ["ccc"] });
    expect(recorded.ignored.map((i) => i.why)).toEqual(["clientStateMismatch", "unknownSubscription"]);
    expect((await store.listSubscriptions()).map((s) => s.mailbox).sort()).toEqual(["aaa", "ccc"]);
    expect((await store.listDirty()).map((m) => m.mailbox).sort()).toEqual(["aaa", "bbb"]);
  });

  it("takes only a changeNotificationCollection (schema)", () => {
    expect(changeNotificationCollectionSchema.safeParse({ value: [] }).success).toBe(false);
    expect(
      changeNotificationCollectionSchema.safeParse({ value: [{ resource: "Users/a/Events/b" }] }).success,
    ).toBe(false);
    expect(changeNotificationCollectionSchema.safeParse({ value: [n("Users/a/Events/b")] }).success).toBe(
      true,
    );
    const lifecycle = { subscriptionId: "s", clientState: SECRET, lifecycleEvent: "missed" };
    expect(changeNotificationCollectionSchema.safeParse({ value: [lifecycle] }).success).toBe(true);
    expect(
      changeNotificationCollectionSchema.safeParse({ value: [{ ...lifecycle, lifecycleEvent: "expired" }] })
        .success,
    ).toBe(false);
  });
});
