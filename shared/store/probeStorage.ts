import { QueueServiceClient } from "@azure/storage-queue";

/** Whether the storage account answers within `timeoutMs`; never throws. */
export async function probeStorage(connectionString: string, timeoutMs = 3000): Promise<boolean> {
  try {
    const client = QueueServiceClient.fromConnectionString(connectionString, {
      retryOptions: { maxTries: 1 },
    });
    await client.getProperties({ abortSignal: AbortSignal.timeout(timeoutMs) });
    return true;
  } catch {
    return false;
  }
}
