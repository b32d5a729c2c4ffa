// Whether a delivery record was written longer ago than the claim lease: a `pending` one that old was left by a run
// that died before sending anything (safe to take over), a `sending` one by a run that died mid-send (unknown).
import type { DeliveryRecord } from "./ports/agendaStores.js";

/** Ten minutes: longer than any run takes from its claim to the send, shorter than the card timers' period. */
const DEFAULT_CLAIM_LEASE_MS = 10 * 60_000;

export function isStaleClaim(record: DeliveryRecord, now: Date, leaseMs = DEFAULT_CLAIM_LEASE_MS): boolean {
  return now.getTime() - Date.parse(record.updatedAt) >= leaseMs;
}
