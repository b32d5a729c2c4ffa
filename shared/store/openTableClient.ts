import { TableClient } from "@azure/data-tables";
import type { StorageConnection } from "./storageConnection.js";

/**
 * A table client over the connection. Plain http is allowed only for Azurite (the development-storage shortcut,
 * or an http endpoint on loopback): anywhere else the SDK's refusal of http stands, so a key never crosses a
 * network in clear.
 */
export function openTableClient(connection: StorageConnection, table: string): TableClient {
  if (typeof connection !== "string")
    return new TableClient(connection.tableServiceUrl, table, connection.credential);
  return TableClient.fromConnectionString(connection, table, {
    allowInsecureConnection: isAzurite(connection),
  });
}

function isAzurite(connectionString: string): boolean {
  if (/(^|;)\s*UseDevelopmentStorage=true\s*(;|$)/i.test(connectionString)) return true;
  const endpoint = /(?:^|;)\s*TableEndpoint=([^;]+)/i.exec(connectionString)?.[1];
  if (!endpoint) return false;
  try {
    const url = new URL(endpoint.trim());
    return url.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
  } catch {
    return false;
  }
}
