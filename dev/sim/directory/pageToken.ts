// Opaque `$skiptoken` / `$deltatoken` values: base64url JSON the simulator validates when they come back.
import type { z } from "zod";
import { GraphError } from "../types.js";

export function encodePageToken(payload: unknown): string {
  return Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
}

/** A token the simulator did not mint (or minted for another query) gets Graph's 400, never a crash. */
export function decodePageToken<T>(token: string, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    json = undefined;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new GraphError(400, "Request_BadRequest", "The specified page token value is invalid.");
  }
  return parsed.data;
}
