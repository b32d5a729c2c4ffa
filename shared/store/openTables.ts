import { TableClient } from "@azure/data-tables";

/** Clients for the tables `prefix` + each name in the storage account, each created when missing. */
export async function openTables<N extends string>(
  connectionString: string,
  prefix: string,
  names: readonly N[],
): Promise<Record<N, TableClient>> {
  const tables = Object.fromEntries(
    names.map((name) => [
      name,
      TableClient.fromConnectionString(connectionString, `${prefix}${name}`, {
        allowInsecureConnection: true,
      }),
    ]),
  ) as Record<N, TableClient>;
  await Promise.all(names.map((name) => tables[name].createTable()));
  return tables;
}
