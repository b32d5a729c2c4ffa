import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type FixtureHost, MASTER_KEY, startFixtureHost } from "./fixtureHost.js";

let host: FixtureHost;
beforeAll(async () => {
  host = await startFixtureHost();
});
afterAll(async () => {
  await host?.close();
});

describe("dev/host storage-queue triggers", () => {
  it("delivers an HTTP-enqueued message to the queue trigger, with metadata, and writes its output binding", async () => {
    const res = await fetch(`${host.url}/api/enqueue`, {
      method: "POST",
      body: JSON.stringify({ hello: "queue" }),
    });
    expect(res.status).toBe(202);
    const [out] = await host.drain("out", 1);
    const parsed = JSON.parse(out ?? "null");
    expect(parsed).toMatchObject({ message: { hello: "queue" }, dequeueCount: 1 });
    expect(parsed.id).toEqual(expect.any(String));
    expect(Number.isNaN(Date.parse(parsed.insertionTime))).toBe(false);
  });

  it("decodes base64 messages and hands non-JSON text over as a string", async () => {
    await host.send("in", "just text");
    const [out] = await host.drain("out", 1);
    expect(JSON.parse(out ?? "null")).toMatchObject({ message: "just text", dequeueCount: 1 });
  });

  it("retries a failing message until maxDequeueCount, then moves it to the poison queue", async () => {
    const message = { fail: true, tag: "poison-me" };
    await host.send("in", message);
    const poisoned = await host.drain("in-poison", 1);
    expect(poisoned.map((p) => JSON.parse(p))).toEqual([message]);
    // Worker logs travel over IPC, Azurite messages over HTTP: let the logs catch up before counting.
    await vi.waitFor(() => {
      expect(host.logs.some((l) => l.includes("has reached MaxDequeueCount of 3"))).toBe(true);
    });
    const failures = host.logs.filter((l) => l.includes("Executed 'Functions.queueWorker' (Failed"));
    expect(failures).toHaveLength(3);
    expect(await host.drain("out", 1, 500)).toEqual([]);
  });

  it("moves a message that is not base64 to the poison queue at once, as the Queues extension does", async () => {
    const raw = "{not base64: 100%}";
    const queue = host.queues.getQueueClient(`${host.prefix}-in`);
    await queue.createIfNotExists();
    await queue.sendMessage(raw);
    const poison = host.queues.getQueueClient(`${host.prefix}-in-poison`);
    await vi.waitFor(
      async () => {
        const peeked = (await poison.exists())
          ? (await poison.peekMessages({ numberOfMessages: 32 })).peekedMessageItems
          : [];
        expect(peeked.map((m) => m.messageText)).toContain(raw);
      },
      { timeout: 15_000, interval: 100 },
    );
    await vi.waitFor(() => {
      expect(
        host.logs.some((l) => l.includes("is not base64") && l.includes(`${host.prefix}-in-poison`)),
      ).toBe(true);
    });
    // Never handed to the function: retrying cannot fix an encoding.
    expect(await host.drain("out", 1, 500)).toEqual([]);
    await poison.clearMessages();
  });

  it("writes a queue function's return value through its return binding, one message per array item", async () => {
    await host.send("ret", "x");
    const out = await host.drain("ret-out", 2);
    expect(out.sort()).toEqual(["first:x", "second:x"]);
  });
  it("runs a queue function on demand with POST /admin/functions/<name>, the input as the message", async () => {
    const res = await fetch(`${host.url}/admin/functions/queueWorker`, {
      method: "POST",
      headers: { "x-functions-key": MASTER_KEY, "content-type": "application/json" },
      body: JSON.stringify({ input: JSON.stringify({ via: "admin" }) }),
    });
    expect(res.status).toBe(202);
    const [out] = await host.drain("out", 1);
    expect(JSON.parse(out ?? "null")).toMatchObject({ message: { via: "admin" }, dequeueCount: 1 });
  });
});
