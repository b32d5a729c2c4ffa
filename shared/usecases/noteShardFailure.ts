// A shard's failed delivery, kept so that if its message ends in the poison queue the skip can say why.
import { AppError } from "../errors.js";
import type { ScanStorePort } from "./ports/scanStorePort.js";

const MAX_CHARS = 300;

/**
 * Best effort: the delivery has failed already and the host retries it whatever happens here, so a store that
 * cannot take the note must not hide the original error. Answers the line it kept (or would have).
 */
export async function noteShardFailure(
  ports: { store: Pick<ScanStorePort, "noteShardFailure"> },
  shard: { runId: string; shardIndex: number },
  error: unknown,
): Promise<string> {
  const text = (
    error instanceof AppError
      ? `${error.code}: ${error.message}`
      : error instanceof Error
        ? error.message
        : String(error)
  ).slice(0, MAX_CHARS);
  try {
    await ports.store.noteShardFailure(shard.runId, shard.shardIndex, text);
  } catch {
    // The original error is what the caller rethrows and the host logs.
  }
  return text;
}
