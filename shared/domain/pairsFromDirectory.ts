// Turns the directory (users with their current manager) into the manager/report pairs the scan classifies.
import { z } from "zod";
import type { ManagerReportPair } from "./managerReportPair.js";
import type { PairExclusion } from "./pairExclusion.js";

/** A directory user as the Graph layer reads it (`$select=id,userPrincipalName,mail,accountEnabled` + manager id). */
export const directoryUserSchema = z.object({
  id: z.string().min(1),
  userPrincipalName: z.string().min(1),
  mail: z.string().nullish(),
  /** Graph omits it unless selected; only an explicit `false` means disabled. */
  accountEnabled: z.boolean().nullish(),
  managerId: z.string().min(1).nullish(),
});
export type DirectoryUser = z.input<typeof directoryUserSchema>;

/** A directory user with what the report shows besides the pair; the one shape scans read, keep and pair. */
export const directoryEntrySchema = directoryUserSchema.extend({
  displayName: z.string().nullish(),
  department: z.string().nullish(),
});
export type DirectoryEntry = z.input<typeof directoryEntrySchema>;

/** Configured exclusions; users are named by object id, UPN or mail, compared case-insensitively. */
export const pairExclusionsSchema = z.object({
  excludedUsers: z.array(z.string().min(1)).default([]),
  optedOutUsers: z.array(z.string().min(1)).default([]),
  excludedGroups: z
    .array(z.object({ name: z.string().min(1), memberIds: z.array(z.string().min(1)) }))
    .default([]),
});
export type PairExclusions = z.input<typeof pairExclusionsSchema>;

/**
 * One pair per enabled user whose manager is an enabled user in `users`. When a user appears more than once
 * (a full read followed by delta pages), the last record wins, so a pair always follows the report's CURRENT
 * manager. Pairs come out ordered by manager id, then report id, so runs are comparable.
 */
export function pairsFromDirectory(
  users: readonly DirectoryUser[],
  exclusions: PairExclusions = {},
): ManagerReportPair[] {
  const byId = new Map<string, DirectoryUser>();
  for (const user of users) byId.set(user.id, user);
  const isEnabled = (u: DirectoryUser) => u.accountEnabled !== false;
  const config = pairExclusionsSchema.parse(exclusions);
  const optedOut = new Set(config.optedOutUsers.map(lower));
  const excluded = new Set(config.excludedUsers.map(lower));
  const groupOf = new Map<string, string>();
  for (const group of config.excludedGroups) {
    for (const id of group.memberIds) if (!groupOf.has(lower(id))) groupOf.set(lower(id), group.name);
  }

  const exclusionFor = (manager: DirectoryUser, report: DirectoryUser): PairExclusion | null => {
    const sides = [
      ["report", report],
      ["manager", manager],
    ] as const;
    for (const [role, user] of sides) {
      if (namesOf(user).some((n) => optedOut.has(n))) {
        return { code: "optedOut", detail: `${role} ${user.userPrincipalName} opted out` };
      }
    }
    for (const [role, user] of sides) {
      if (namesOf(user).some((n) => excluded.has(n))) {
        return {
          code: "excludedUser",
          detail: `${role} ${user.userPrincipalName} excluded by configuration`,
        };
      }
    }
    for (const [role, user] of sides) {
      const group = groupOf.get(lower(user.id));
      if (group !== undefined) {
        return {
          code: "excludedGroup",
          detail: `${role} ${user.userPrincipalName} is in excluded group ${group}`,
        };
      }
    }
    return null;
  };

  const pairs: ManagerReportPair[] = [];
  for (const report of byId.values()) {
    if (!isEnabled(report) || !report.managerId || report.managerId === report.id) continue;
    const manager = byId.get(report.managerId);
    if (!manager || !isEnabled(manager)) continue;
    pairs.push({
      managerId: manager.id,
      managerUpn: manager.userPrincipalName,
      managerMail: manager.mail || null,
      reportId: report.id,
      reportUpn: report.userPrincipalName,
      reportMail: report.mail || null,
      exclusion: exclusionFor(manager, report),
    });
  }
  return pairs.sort((a, b) => compare(a.managerId, b.managerId) || compare(a.reportId, b.reportId));
}

function namesOf(user: DirectoryUser): string[] {
  return [user.id, user.userPrincipalName, user.mail].filter((n): n is string => !!n).map(lower);
}

function lower(s: string): string {
  return s.toLowerCase();
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
