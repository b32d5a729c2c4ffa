import { readUsersDelta } from "./readUsersDelta.js";
import type { GraphGateway } from "./types.js";

// The same properties as readUsersDelta's own first round, so later rounds answer in the same shape.
const LATEST_URL =
  "/users/delta?$deltatoken=latest&$select=id,displayName,userPrincipalName,mail,department,accountEnabled,manager";

/**
 * A users deltaLink that tracks changes from now on, in one request: Graph's `$deltatoken=latest` skips the
 * initial listing (a full scan has just listed every user anyway).
 */
export async function latestUsersDeltaLink(gateway: GraphGateway): Promise<string> {
  return (await readUsersDelta(gateway, LATEST_URL)).deltaLink;
}
