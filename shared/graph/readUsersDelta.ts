import type { User } from "@microsoft/microsoft-graph-types";
import { z } from "zod";
import { GraphRequestError } from "./GraphRequestError.js";
import type { GraphGateway } from "./types.js";

/**
 * A changed user. `@removed` marks one deleted (or out of scope); `manager` is `{ id }` when it changed to someone,
 * `null` when removed, and absent when unchanged — Graph's `manager@delta` folded into the user's own shape.
 */
export type DeltaUser = User & { "@removed"?: { reason: string } };

export interface UsersDelta {
  users: DeltaUser[];
  /** Pass back next time to get only what changed since this read. */
  deltaLink: string;
}

// Users delta takes `manager` in $select (not $expand) and reports it as `manager@delta`.
const DELTA_URL =
  "/users/delta?$select=id,displayName,userPrincipalName,mail,department,accountEnabled,manager";

const managerLinkSchema = z.looseObject({ id: z.string(), "@removed": z.looseObject({}).optional() });
const pageSchema = z.looseObject({
  value: z.array(z.looseObject({ id: z.string(), "manager@delta": z.array(managerLinkSchema).optional() })),
  "@odata.nextLink": z.string().optional(),
  "@odata.deltaLink": z.string().optional(),
});

/**
 * Without a deltaLink: every user (the initial round), ending in a deltaLink. With one: only users changed since.
 * An expired link fails with GRAPH.SYNC_STATE_EXPIRED — the caller starts a full round again.
 */
export async function readUsersDelta(gateway: GraphGateway, deltaLink?: string): Promise<UsersDelta> {
  const users: DeltaUser[] = [];
  let url = deltaLink ?? DELTA_URL;
  for (;;) {
    const page = pageSchema.safeParse(await gateway.get<unknown>(url));
    if (!page.success) throw new GraphRequestError("GRAPH.UNEXPECTED", `Not a users delta page from ${url}`);
    for (const raw of page.data.value) {
      const { "manager@delta": managerDelta, ...user } = raw;
      const current = managerDelta?.find((link) => !link["@removed"]);
      const manager = managerDelta === undefined ? undefined : current ? { id: current.id } : null;
      users.push({ ...user, ...(manager === undefined ? {} : { manager }) } as DeltaUser);
    }
    const next = page.data["@odata.nextLink"];
    if (next && next !== url) {
      url = next;
      continue;
    }
    const link = page.data["@odata.deltaLink"];
    if (!link)
      throw new GraphRequestError("GRAPH.UNEXPECTED", "A users delta round ended without a deltaLink");
    return { users, deltaLink: link };
  }
}
