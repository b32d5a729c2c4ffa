import { fileURLToPath } from "node:url";
import { HttpRequest, InvocationContext } from "@azure/functions";
import { QueueServiceClient } from "@azure/storage-queue";
import { describe, expect, inject, it } from "vitest";
import { startHost } from "../../../dev/host/startHost.js";
import { echoHttp, echoMessageSchema, echoQueue } from "../../fixtures/echoQueue.js";

const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));

describe("echoMessageSchema", () => {
  it("accepts JSON objects and a boolean fail flag only", () => {
    expect(echoMessageSchema.safeParse({ a: 1 }).success).toBe(true);
    expect(echoMessageSchema.safeParse({ fail: true }).success).toBe(true);
    expect(echoMessageSchema.safeParse({ fail: "yes" }).success).toBe(false);
    expect(echoMessageSchema.safeParse([1]).success).toBe(false);
    expect(echoMessageSchema.safeParse("text").success).toBe(false);
  });
});

describe("echo handlers", () => {
  it("rejects a body that is not a JSON object with 400", async () => {
    const request = new HttpRequest({
      url: "http://127.0.0.1/api/echo",
      method: "POST",
      body: { string: "[1,2]" },
    });
    const response = await echoHttp(request, new InvocationContext());
    expect(response.status).toBe(400);
    expect(response.jsonBody).toMatchObject({ code: "ECHO.INVALID_BODY" });
  });

  it("throws a typed error when the message asks to fail", async () => {
    await expect(echoQueue({ fail: true }, new InvocationContext())).rejects.toMatchObject({
      code: "ECHO.REQUESTED_FAILURE",
    });
  });
});

describe("echo round trip through dev/host and Azurite", () => {
  it("POST /api/echo (function key) → echo-in → echoQueue → echo-out with the dequeue count", async () => {
    const connectionString = inject("azuriteConnectionString");
    const host = await startHost({
      appDir: repoRoot,
      main: "test/fixtures/echoQueue.ts",
      port: 0,
      log: () => {},
      env: { AzureWebJobsStorage: connectionString, CADENCE_HOST_FUNCTION_KEY: "echo-key" },
    });
    try {
      const denied = await fetch(`${host.url}/api/echo`, { method: "POST", body: "{}" });
      expect(denied.status).toBe(401);
      const res = await fetch(`${host.url}/api/echo`, {
        method: "POST",
        headers: { "x-functions-key": "echo-key" },
        body: JSON.stringify({ hello: "echo" }),
      });
      expect(res.status).toBe(202);
      const out = QueueServiceClient.fromConnectionString(connectionString).getQueueClient("echo-out");
      let received: string | undefined;
      for (let i = 0; i < 200 && !received; i++) {
        if (await out.exists()) {
          const [item] = (await out.receiveMessages()).receivedMessageItems;
          if (item) {
            received = Buffer.from(item.messageText, "base64").toString("utf8");
            await out.deleteMessage(item.messageId, item.popReceipt);
          }
        }
        if (!received) await new Promise((r) => setTimeout(r, 50));
      }
      expect(JSON.parse(received ?? "null")).toEqual({ message: { hello: "echo" }, dequeueCount: 1 });
    } finally {
      await host.close();
    }
  });
});
