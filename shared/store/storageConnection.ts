import type { TokenCredential } from "@azure/identity";

/**
 * How the store reaches the storage account: a connection string (Azurite, local runs), or the account's service
 * URLs with a token credential (a managed identity on Azure: no account key anywhere).
 */
export type StorageConnection =
  | string
  | { tableServiceUrl: string; queueServiceUrl: string; credential: TokenCredential };
