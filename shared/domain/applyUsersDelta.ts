// Folds a users delta round into a stored directory, so an incremental scan pairs without listing every user.
import type { DirectoryEntry } from "./pairsFromDirectory.js";

/** A users delta entry as `readUsersDelta` returns it: only changed properties may be present. */
export interface UserChange {
  id?: string | null;
  userPrincipalName?: string | null;
  mail?: string | null;
  displayName?: string | null;
  department?: string | null;
  accountEnabled?: boolean | null;
  /** `{ id }`: the new manager; null: removed; absent: unchanged. */
  manager?: { id?: string | null } | null;
  "@removed"?: { reason: string };
}

/**
 * Applies changes in order: `@removed` drops the user (deleted or out of scope), otherwise the properties
 * present replace the stored ones (Graph may send only those that changed) and a user never seen is added.
 * Ids compare case-insensitively, as Graph's do. The input is not modified.
 */
export function applyUsersDelta<T extends DirectoryEntry>(
  directory: readonly T[],
  changes: readonly UserChange[],
): T[] {
  const byId = new Map(directory.map((u) => [u.id.toLowerCase(), u]));
  for (const change of changes) {
    if (!change.id) continue;
    const key = change.id.toLowerCase();
    if (change["@removed"]) {
      byId.delete(key);
      continue;
    }
    const before = byId.get(key);
    const next = {
      ...(before ?? {
        id: change.id,
        userPrincipalName: change.userPrincipalName ?? change.id,
        managerId: null,
      }),
    } as T;
    if (change.userPrincipalName) next.userPrincipalName = change.userPrincipalName;
    if ("mail" in change) next.mail = change.mail ?? null;
    if ("displayName" in change) next.displayName = change.displayName ?? null;
    if ("department" in change) next.department = change.department ?? null;
    if ("accountEnabled" in change) next.accountEnabled = change.accountEnabled ?? null;
    if (change.manager !== undefined) next.managerId = change.manager?.id ?? null;
    byId.set(key, next);
  }
  return [...byId.values()];
}
