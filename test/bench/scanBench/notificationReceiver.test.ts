import { afterEach, describe, expect, it } from "vitest";
import {
  type NotificationReceiver,
  startNotificationReceiver,
} from "../../../bench/scanBench/notificationReceiver.js";
import { MemoryIncrementalStore } from "../../../shared/store/memoryIncrementalStore.js";

const CLIENT_STATE = "bench-test-state";
let receiver: NotificationReceiver | undefined;

afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

const notification = (mailbox: string, clientState: string) => ({
  subscriptionId: `sub-${mailbox}`,
  changeType: "updated",
  resource: `Users/${mailbox}/Events/AAMk1`,
  clientState,
});

describe("the benchmark's notification endpoint (real HTTP on 127.0.0.1)", () => {
  it("answers Graph's validation handshake with the token as text", async () => {
    const store = new MemoryIncrementalStore();
    receiver = await startNotificationReceiver({
      store,
      clock: { now: () => new Date(0) },
      clientState: CLIENT_STATE,
    });
    const token = "Validation: Testing client application reachability";
    const res = await fetch(`${receiver.url}?validationToken=${encodeURIComponent(token)}`, {
      method: "POST",
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await res.text()).toBe(token);
    expect(receiver.tally().validations).toBe(1);
  });

  it("marks the mailboxes of notifications carrying our client state, and rejects bodies that are not one", async () => {
    const store = new MemoryIncrementalStore();
    receiver = await startNotificationReceiver({
      store,
      clock: { now: () => new Date(0) },
      clientState: CLIENT_STATE,
    });
    const post = (body: unknown) =>
      fetch(receiver!.url, {
        method: "POST",
        body: JSON.stringify(body),
        headers: { "content-type": "application/json" },
      });

    const res = await post({ value: [notification("m1", CLIENT_STATE), notification("m2", "forged")] });
    expect(res.status).toBe(202);
    expect((await store.listDirty()).map((d) => d.mailbox)).toEqual(["m1"]);
    expect((await post({ value: [] })).status).toBe(400);
    expect(receiver.tally()).toMatchObject({ posts: 1, notifications: 2, marked: new Set(["m1"]) });
  });
});
