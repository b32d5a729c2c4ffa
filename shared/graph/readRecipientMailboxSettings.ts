import type { MailboxSettings } from "@microsoft/microsoft-graph-types";
import type { KeyedResult } from "../usecases/ports/keyedResult.js";
import type { GraphGateway } from "./types.js";

const BATCH_SIZE = 20;

/**
 * `GET /users/{id}/mailboxSettings` for each user, 20 per `$batch`: the time zone and language a card is written
 * in. Delivery's own reader until the scheduling work's `readMailboxSettings` is merged; both read the same thing.
 */
export async function readRecipientMailboxSettings(
  gateway: GraphGateway,
  users: readonly string[],
): Promise<Map<string, KeyedResult<MailboxSettings>>> {
  const out = new Map<string, KeyedResult<MailboxSettings>>();
  for (let i = 0; i < users.length; i += BATCH_SIZE) {
    const chunk = users.slice(i, i + BATCH_SIZE);
    const results = await gateway.batch(
      chunk.map((id) => ({
        method: "GET" as const,
        url: `/users/${encodeURIComponent(id)}/mailboxSettings`,
      })),
    );
    chunk.forEach((id, j) => {
      const result = results[j]!;
      out.set(
        id,
        result.ok ? { ok: true, value: result.body as MailboxSettings } : { ok: false, error: result.error },
      );
    });
  }
  return out;
}
