import type { User } from "@microsoft/microsoft-graph-types";
import { listUserPages } from "./listUserPages.js";
import type { GraphGateway } from "./types.js";

/** All users of the tenant with their manager's id (`manager.id`), read in pages of 100 (Graph's cap with `$expand`). */
export async function listUsers(gateway: GraphGateway): Promise<User[]> {
  const users: User[] = [];
  for await (const page of listUserPages(gateway)) users.push(...page);
  return users;
}
