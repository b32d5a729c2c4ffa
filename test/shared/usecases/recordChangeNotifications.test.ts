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

  it("takes only a changeNotificationCollection (schema)", () => {
    expect(changeNotificationCollectionSchema.safeParse({ value: [] }).success).toBe(false);
    expect(
      changeNotificationCollectionSchema.safeParse({ value: [{ resource: "Users/a/Events/b" }] }).success,
    ).toBe(false);
    expect(changeNotificationCollectionSchema.safeParse({ value: [n("Users/a/Events/b")] }).success).toBe(
      true,
    );
  });
});
