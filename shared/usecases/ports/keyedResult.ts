import type { AppError } from "../../errors.js";

/** A per-key outcome of a batched read: the scan goes on when one mailbox fails. */
export type KeyedResult<T> = { ok: true; value: T } | { ok: false; error: AppError };
