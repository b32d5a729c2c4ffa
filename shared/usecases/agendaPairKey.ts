/** The key a pair's talking points, asked questions and mutes are stored under: stable across scans. */
export function agendaPairKey(managerId: string, reportId: string): string {
  return `${managerId}|${reportId}`;
}
