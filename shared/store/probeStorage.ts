import { QueueServiceClient } from "@azure/storage-queue";
import type { StorageConnection } from "./storageConnection.js";

/**
 * Whether the storage account answers within `timeoutMs`; never throws. It lists one queue: a data-plane read that
 * Storage Queue Data Contributor allows, where Get Queue Service Properties needs a management action
 * (`queueServices/read`) that no data role holds, so an identity-based app would look unhealthy on Azure.
 */
export async function probeStorage(connection: StorageConnection, timeoutMs = 3000): Promise<boolean> {
  try {
    const options = { retryOptions: { maxTries: 1 } };
    const client =
      typeof connection === "string"
        ? QueueServiceClient.fromConnectionString(connection, options)
        : new QueueServiceClient(connection.queueServiceUrl, connection.credential, options);
    await client
      .listQueues({ abortSignal: AbortSignal.timeout(timeoutMs) })
      .byPage({ maxPageSize: 1 })
      .next();
    return true;
  } catch {
    return false;
  }
}
