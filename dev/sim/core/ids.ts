import type { IdSource } from "../types.js";
import { createRng, deriveSeed, seededUuid } from "./random.js";

/**
 * Ids like Graph's: GUIDs for directory objects, long opaque base64url strings (Exchange item ids start with
 * `AAMk`) for kinds containing "event". Each kind draws from its own stream, so adding events never shifts
 * user ids for the same seed.
 */
export function createIdSource(seed: number): IdSource {
  const streams = new Map<string, ReturnType<typeof createRng>>();
  return {
    next(kind) {
      let rng = streams.get(kind);
      if (!rng) {
        rng = createRng(deriveSeed(seed, "ids", kind));
        streams.set(kind, rng);
      }
      if (/event/i.test(kind)) {
        const bytes = Buffer.from(Array.from({ length: 45 }, () => rng.int(256)));
        return `AAMk${bytes.toString("base64url")}`;
      }
      return seededUuid(rng);
    },
  };
}
