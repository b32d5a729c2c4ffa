/** `records` with each pair that `replacements` holds (by manager and report id) replaced by that one. */
export function replacePairs<T extends { managerId: string; reportId: string }>(
  records: readonly T[],
  replacements: readonly T[],
): T[] {
  const key = (r: T) => `${r.managerId}\u0000${r.reportId}`;
  const byKey = new Map(replacements.map((r) => [key(r), r]));
  return records.map((r) => byKey.get(key(r)) ?? r);
}
