// CADENCE_EXCLUDED_USERS names people (object id, UPN or mail, any case) who opted out: a pair with one of them gets
// nothing from Cadence. Read where things are delivered too, so an opt-out holds before the next scan sees it.

/** Whether either side of the pair is named in `excludedUsers`. */
export function optedOut(
  pair: { managerId: string; managerUpn: string; reportId: string; reportUpn: string },
  excludedUsers: readonly string[],
): boolean {
  if (excludedUsers.length === 0) return false;
  const excluded = new Set(excludedUsers.map((u) => u.toLowerCase()));
  return [pair.managerId, pair.managerUpn, pair.reportId, pair.reportUpn].some((u) =>
    excluded.has(u.toLowerCase()),
  );
}
