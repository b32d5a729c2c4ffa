import { ManagedIdentityCredential } from "@azure/identity";
import type { Settings } from "../config.js";
import { storageConnectionSettings } from "../storageConnectionSettings.js";
import type { StorageConnection } from "../store/storageConnection.js";

let cached: { key: string; connection: StorageConnection } | undefined;

/**
 * The storage connection the settings describe: the connection string, or the account's URLs with the app's
 * managed identity (user-assigned when `AzureWebJobsStorage__clientId` names one). One credential per process,
 * so its token cache serves every client.
 */
export function storageFromSettings(settings: Settings): StorageConnection {
  const parsed = storageConnectionSettings(settings);
  if (!parsed.ok) throw new Error(`${parsed.setting}: ${parsed.message}`); // config.ts has already refused this
  const value = parsed.value;
  if (value.kind === "connectionString") return value.connectionString;
  const key = JSON.stringify(value);
  if (cached?.key !== key) {
    const credential = new ManagedIdentityCredential(value.clientId ? { clientId: value.clientId } : {});
    cached = {
      key,
      connection: {
        tableServiceUrl: value.tableServiceUrl,
        queueServiceUrl: value.queueServiceUrl,
        credential,
      },
    };
  }
  return cached.connection;
}
