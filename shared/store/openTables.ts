import type { TableClient } from "@azure/data-tables";
import { openTableClient } from "./openTableClient.js";
import type { StorageConnection } from "./storageConnection.js";

/** Clients for the tables `prefix` + each name in the storage account, each created when missing. */
export async function openTables<N extends string>(
  connection: StorageConnection,
  prefix: string,
  names: readonly N[],
): Promise<Record<N, TableClient>> {
  const tables = Object.fromEntries(
    names.map((name) => [name, openTableClient(connection, `${prefix}${name}`)]),
  ) as Record<N, TableClient>;
  await Promise.all(names.map((name) => tables[name].createTable()));
  return tables;
}
