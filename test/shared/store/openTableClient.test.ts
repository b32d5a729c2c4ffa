import { describe, expect, inject, it } from "vitest";
import { openTableClient } from "../../../shared/store/openTableClient.js";

const KEY = Buffer.from("not-a-real-account-key").toString("base64");

describe("openTableClient", () => {
  it("talks plain http to Azurite (loopback)", async () => {
    const table = openTableClient(inject("azuriteConnectionString"), "openTableClientProbe");
    await table.createTable();
    await expect(table.getEntity("p", "missing")).rejects.toMatchObject({ statusCode: 404 });
  });

  it("refuses plain http anywhere else, before a request leaves", async () => {
    const table = openTableClient(
      `DefaultEndpointsProtocol=http;AccountName=acct;AccountKey=${KEY};TableEndpoint=http://acct.table.example.com/`,
      "t",
    );
    await expect(table.createTable()).rejects.toThrow(/allowInsecureConnection/);
  });
});
