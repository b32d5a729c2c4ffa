/** A map lookup by mailbox address: Graph and the gateway may hand back a UPN in another case than it was asked in. */
export function getIgnoringCase<V>(map: ReadonlyMap<string, V>, key: string): V | undefined {
  if (map.has(key)) return map.get(key);
  const lower = key.toLowerCase();
  for (const [k, v] of map) if (k.toLowerCase() === lower) return v;
  return undefined;
}
