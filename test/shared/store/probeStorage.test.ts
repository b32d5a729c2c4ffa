import { createServer } from "node:net";
import { describe, expect, inject, it } from "vitest";
import { AZURITE_ACCOUNT, AZURITE_KEY } from "../../../dev/storage/startAzurite.js";
import { probeStorage } from "../../../shared/store/probeStorage.js";

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("probeStorage", () => {
  it("is true against a running Azurite", async () => {
    expect(await probeStorage(inject("azuriteConnectionString"))).toBe(true);
  });

  it("is false, without throwing, when nothing listens", async () => {
    const port = await closedPort();
    const connection = `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};QueueEndpoint=http://127.0.0.1:${port}/${AZURITE_ACCOUNT}`;
    expect(await probeStorage(connection, 1000)).toBe(false);
  });
});
