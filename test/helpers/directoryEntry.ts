import type { DirectoryEntry } from "../../shared/usecases/ports/scanPorts.js";

/** A directory user as the scan's Graph port returns it: `<id>@contoso.com`, enabled, in Sales. */
export function directoryEntry(
  id: string,
  managerId: string | null,
  extra: Partial<DirectoryEntry> = {},
): DirectoryEntry {
  return {
    id,
    userPrincipalName: `${id}@contoso.com`,
    mail: `${id}@contoso.com`,
    accountEnabled: true,
    managerId,
    displayName: `User ${id}`,
    department: "Sales",
    ...extra,
  };
}
