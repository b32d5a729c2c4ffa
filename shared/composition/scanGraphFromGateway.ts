import type { User } from "@microsoft/microsoft-graph-types";
import { latestUsersDeltaLink } from "../graph/latestUsersDeltaLink.js";
import { listUsers } from "../graph/listUsers.js";
import { manageSubscriptions } from "../graph/manageSubscriptions.js";
import { readCalendarViews } from "../graph/readCalendarViews.js";
import { readEvents } from "../graph/readEvents.js";
import { readUsersDelta } from "../graph/readUsersDelta.js";
import type { GraphGateway } from "../graph/types.js";
import type { IncrementalGraph, ScanGraph } from "../usecases/ports/scanPorts.js";

/** The scan's Graph port over the real gateway. */
export function scanGraphFromGateway(gateway: GraphGateway): ScanGraph & IncrementalGraph {
  return {
    async listUsers() {
      return (await listUsers(gateway)).map((u: User) => ({
        id: u.id!,
        userPrincipalName: u.userPrincipalName ?? u.id!,
        mail: u.mail ?? null,
        accountEnabled: u.accountEnabled ?? null,
        managerId: u.manager?.id ?? null,
        displayName: u.displayName ?? null,
        department: u.department ?? null,
      }));
    },
    readCalendarViews: (mailboxes, window) => readCalendarViews(gateway, mailboxes, window),
    readEvents: (refs) => readEvents(gateway, refs),
    latestUsersDeltaLink: () => latestUsersDeltaLink(gateway),
    readUsersDelta: (deltaLink) => readUsersDelta(gateway, deltaLink),
    manageSubscriptions: (changes) => manageSubscriptions(gateway, changes),
  };
}
