import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import { AppError } from "../shared/errors.js";
import { errorResponse } from "./errorResponse.js";

type Handler = (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;

/**
 * Every HTTP function's body gate, in front of its handler: a body larger than `maxBytes` is answered 413 with
 * `{ code: "HTTP.BODY_TOO_LARGE" }` before anything parses it or does work for it. `Content-Length` refuses early;
 * the bytes themselves are counted too, since a chunked request declares no length (and a header can lie).
 * Endpoints that take no body pass 0. Azure's own cap (100 MB) is far above anything Cadence reads.
 */
export function limitRequestBody(maxBytes: number, handler: Handler): Handler {
  return async (request, context) => {
    const declared = request.headers.get("content-length")?.trim();
    const fits =
      !(declared && /^\d+$/.test(declared) && Number(declared) > maxBytes) &&
      (await fitsWithin(request.clone().body, maxBytes));
    if (!fits) {
      context.warn(`request body over ${maxBytes} bytes refused`);
      const message =
        maxBytes === 0 ? "This endpoint takes no body" : `The body is larger than ${maxBytes} bytes`;
      return errorResponse(new AppError("HTTP.BODY_TOO_LARGE", message, { status: 413 }));
    }
    return handler(request, context);
  };
}

/** Reads a copy of the body only until it passes the limit. */
async function fitsWithin(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<boolean> {
  if (!body) return true;
  const reader = body.getReader();
  let size = 0;
  try {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) return true;
      size += chunk.value.byteLength;
      if (size > maxBytes) return false;
    }
  } finally {
    // Not awaited: a cancelled tee branch settles only once the other branch (the handler's) is done too.
    reader.cancel().catch(() => {});
  }
}
