import type { User } from "@microsoft/microsoft-graph-types";
import { z } from "zod";
import { GraphRequestError } from "./GraphRequestError.js";
import type { GraphGateway } from "./types.js";

// Only what the org chart needs. $top=999 is Graph's maximum for users, but Graph serves at most 100 per page when
// $expand is used on directory objects (Graph known issue 13635; the simulator does the same), so the directory
// costs ceil(N/100) requests; the manager comes in the same page, which still beats one /manager request per user
// and, unlike /users/delta (200 a page, manager@delta), needs no delta state.
const USERS_URL =
  "/users?$top=999&$select=id,displayName,userPrincipalName,mail,department,accountEnabled&$expand=manager($select=id)";

const pageSchema = z.looseObject({
  value: z.array(z.looseObject({ id: z.string() })),
  "@odata.nextLink": z.string().optional(),
});

/** Every user with `manager: { id }` (absent when they have none), one directory page at a time. */
export async function* listUserPages(gateway: GraphGateway): AsyncGenerator<User[], void, undefined> {
  let url: string | undefined = USERS_URL;
  while (url) {
    const page = pageSchema.safeParse(await gateway.get<unknown>(url));
    if (!page.success) throw new GraphRequestError("GRAPH.UNEXPECTED", `Not a page of users from ${url}`);
    yield page.data.value as User[];
    const next: string | undefined = page.data["@odata.nextLink"];
    url = next && next !== url ? next : undefined;
  }
}
