import type { PairAddresses } from "./meetsOnlyPair.js";
/**
 * The addresses 1:1 recognition matched the pair under (meetsOnlyPair). A stored calendar is only valid for
 * the same addresses: a renamed UPN or a new mail address may match meetings the old ones did not.
 */
export function pairAddressKey(pair: PairAddresses): string {
  return [pair.managerUpn, pair.managerMail ?? "", pair.reportUpn, pair.reportMail ?? ""]
    .map((a) => a.toLowerCase())
    .join("|");
}
