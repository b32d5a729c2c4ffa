// The host's own cap on request bodies (Azure's FUNCTIONS_REQUEST_BODY_SIZE_LIMIT, 100 MB by default), here set
// small: over it the host answers 413 and no function is invoked; under it the function gets the whole body.
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpHost } from "../../../dev/host/httpHost.js";

const invoked: number[] = [];
const server = createHttpHost({
  routePrefix: "api",
  keys: { functionKey: "f", masterKey: "m" },
  functions: [
    {
      kind: "http",
      name: "take",
      triggerBinding: "req",
      outputs: [],
      route: "take",
      methods: ["POST"],
      authLevel: "anonymous",
    },
  ],
  invoke: async (_name, _reason, request) => {
    const data = request.inputData?.[0]?.data as { http?: { body?: { bytes?: Uint8Array } } } | undefined;
    invoked.push(data?.http?.body?.bytes?.length ?? 0);
    return { returnValue: { http: { statusCode: "200" } } };
  },
  invokeAdmin: () => {},
  log: () => {},
  maxRequestBodyBytes: 16,
});
let url: string;
beforeAll(async () => {
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((ok) => server.close(ok));
});

describe("the host's request body cap", () => {
  it("answers 413 without invoking the function when the body is over it, declared or streamed", async () => {
    expect((await fetch(`${url}/api/take`, { method: "POST", body: "x".repeat(17) })).status).toBe(413);
    const streamed = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("x".repeat(10)));
        controller.enqueue(new TextEncoder().encode("x".repeat(10)));
        controller.close();
      },
    });
    const chunked = await fetch(`${url}/api/take`, {
      method: "POST",
      body: streamed,
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(invoked).toEqual([]);
  });

  it("passes a body at the cap through whole", async () => {
    expect((await fetch(`${url}/api/take`, { method: "POST", body: "x".repeat(16) })).status).toBe(200);
    expect(invoked).toEqual([16]);
  });
});
