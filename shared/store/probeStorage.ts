import { QueueServiceClient } from "@azure/storage-queue";
import type { StorageConnection } from "./storageConnection.js";

/** Whether the storage account answers within `timeoutMs`; never throws. */
export async function probeStorage(connection: StorageConnection, timeoutMs = 3000): Promise<boolean> {
  try {
    const options = { retryOptions: { maxTries: 1 } };
    const client =
      typeof connection === "string"
        ? QueueServiceClient.fromConnectionString(connection, options)
        : new QueueServiceClient(connection.queueServiceUrl, connection.credential, options);
    await client.getProperties({ abortSignal: AbortSignal.timeout(timeoutMs) });
    return true;
  } catch {
    return false;
  }
}
