/** Teams' limit for a bot message is 100 KB; Cadence holds every card to the Workflows webhook's 28 KB. */
export const CARD_MAX_BYTES = 28 * 1024;

/** The serialized size of a card, as it goes out. */
export function cardBytes(card: object): number {
  return Buffer.byteLength(JSON.stringify(card), "utf8");
}
