// Puts an answer on the wire, or loses it the way real networks do after the server already acted: held past the
// client's patience, cut mid-body with the connection closed, or complete but not JSON.
import type { ServerResponse } from "node:http";
import type { AnswerFault } from "./shaper.js";

export interface WireFault {
  kind: AnswerFault;
  /** How long a `timeout` holds the answer (the client usually gives up first and closes the connection). */
  holdMs: number;
}

/** Writes `payload` (undefined: no body) with `headers`; `fault` loses it as described above. */
export function writeAnswer(
  res: ServerResponse,
  status: number,
  payload: Buffer | undefined,
  headers: Record<string, string | number>,
  fault?: WireFault,
): void {
  const plain = () => {
    res.writeHead(status, { ...headers, "content-length": payload?.length ?? 0 });
    res.end(payload);
  };
  switch (fault?.kind) {
    case undefined:
      plain();
      return;
    case "timeout": {
      // The answer comes too late: after holdMs, or never when the client has hung up by then.
      const timer = setTimeout(() => {
        if (!res.destroyed && !res.writableEnded) plain();
      }, fault.holdMs);
      res.once("close", () => clearTimeout(timer));
      return;
    }
    case "truncated": {
      if (!payload || payload.length < 2) {
        // Nothing to cut: the connection drops before the answer.
        res.socket?.destroy();
        return;
      }
      // The promised length, half the bytes, then the connection closes.
      res.writeHead(status, { ...headers, "content-length": payload.length });
      res.write(payload.subarray(0, Math.floor(payload.length / 2)), () => res.socket?.destroy());
      return;
    }
    case "malformed": {
      if (!payload || status === 204 || status === 304) {
        plain();
        return;
      }
      // Complete framing, broken content: half the JSON and a proxy's leftovers.
      const broken = Buffer.concat([
        payload.subarray(0, Math.floor(payload.length / 2)),
        Buffer.from("\u0000<html><body>upstream reset</body></html>"),
      ]);
      res.writeHead(status, { ...headers, "content-length": broken.length });
      res.end(broken);
      return;
    }
  }
}
