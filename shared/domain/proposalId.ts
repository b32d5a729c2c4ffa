// A proposal's id names its pair and generation, URL-safe (base64url never contains "."), so an HTTP route can
// find the stored row without an index.

const encode = (s: string) => Buffer.from(s, "utf8").toString("base64url");
const decode = (s: string) => Buffer.from(s, "base64url").toString("utf8");

export function proposalId(managerId: string, reportId: string, generation: number): string {
  return `p${generation}.${encode(managerId)}.${encode(reportId)}`;
}

/** The pair and generation an id names, or undefined for a malformed id. */
export function parseProposalId(
  id: string,
): { managerId: string; reportId: string; generation: number } | undefined {
  const match = /^p([1-9]\d{0,8})\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(id);
  if (!match) return undefined;
  const managerId = decode(match[2]!);
  const reportId = decode(match[3]!);
  if (proposalId(managerId, reportId, Number(match[1])) !== id) return undefined;
  return { managerId, reportId, generation: Number(match[1]) };
}
