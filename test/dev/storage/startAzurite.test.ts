import { TableClient } from "@azure/data-tables";
import { QueueServiceClient } from "@azure/storage-queue";
import { describe, expect, it } from "vitest";
import { startAzurite } from "../../../dev/storage/startAzurite.js";

describe("startAzurite", () => {
  it("serves queues and tables in memory on OS-chosen ports, and stops", async () => {
    const azurite = await startAzurite();
    try {
      expect(new Set([azurite.blobPort, azurite.queuePort, azurite.tablePort]).size).toBe(3);
      const queue = QueueServiceClient.fromConnectionString(azurite.connectionString).getQueueClient("probe");
      await queue.createIfNotExists();
      await queue.sendMessage("hello");
      const received = await queue.receiveMessages();
      expect(received.receivedMessageItems[0]?.messageText).toBe("hello");

      const table = TableClient.fromConnectionString(azurite.connectionString, "probe", {
        allowInsecureConnection: true,
      });
      await table.createTable();
      await table.createEntity({ partitionKey: "p", rowKey: "r", value: 7 });
      expect((await table.getEntity<{ value: number }>("p", "r")).value).toBe(7);
    } finally {
      await azurite.stop();
    }
    const afterStop = QueueServiceClient.fromConnectionString(azurite.connectionString, {
      retryOptions: { maxTries: 1 },
    }).getQueueClient("probe");
    await expect(afterStop.exists()).rejects.toThrow();
  });
});
