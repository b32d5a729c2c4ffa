import { createHash } from "node:crypto";

/**
 * The transactionId of a proposal's POST for one of its slots: the same pair, generation and slot always give the
 * same id, so a retried or re-run POST is recognised by Graph and found again by findEventByTransactionId.
 */
export function seriesTransactionId(
  managerId: string,
  reportId: string,
  generation: number,
  slotStart: string,
): string {
  const hex = createHash("sha256")
    .update(JSON.stringify(["cadence-series", managerId, reportId, generation, slotStart]))
    .digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
