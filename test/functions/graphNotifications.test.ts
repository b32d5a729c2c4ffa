// POST /api/graph/notifications through the local Functions host over HTTP, with its own Azurite.
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningHost, startHost } from "../../dev/host/startHost.js";
import { type AzuriteHandle, startAzurite } from "../../dev/storage/startAzurite.js";
import { validationQuerySchema } from "../../functions/graphNotifications.js";
import { IncrementalStore } from "../../shared/store/incrementalStore.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const CLIENT_STATE = "notification-test-client-state";
const MAILBOX = "3f1c2a9e-0000-4000-8000-000000000001";

let azurite: AzuriteHandle;
let host: RunningHost;
const logs: string[] = [];

beforeAll(async () => {
  azurite = await startAzurite();
  host = await startHost({
    appDir: repoRoot,
    main: "functions/graphNotifications.ts",
    port: 0,
    log: (line) => logs.push(line),
    env: {
      AzureWebJobsStorage: azurite.connectionString,
      GRAPH_TENANT_ID: "contoso.onmicrosoft.com",
      GRAPH_CLIENT_ID: "client",
      GRAPH_CLIENT_SECRET: "secret",
      CADENCE_SCAN_SCHEDULE: "0 0 2 * * *",
      CADENCE_NOTIFICATION_URL: "https://cadence.example.com/api/graph/notifications",
      CADENCE_NOTIFICATION_CLIENT_STATE: CLIENT_STATE,
    },
  });
}, 60_000);

afterAll(async () => {
  await host?.close();
  await azurite?.stop();
});

const post = (body: string, query = "") =>
  fetch(`${host.url}/api/graph/notifications${query}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });

const notification = (clientState: string | null, mailbox = MAILBOX) => ({
  subscriptionId: "7f105c7d-2dc5-4530-97cd-4e7ae6534c07",
  subscriptionExpirationDateTime: "2026-11-30T09:00:00Z",
  changeType: "updated",
  resource: `Users/${mailbox}/Events/AAMkAGUAAAAA=`,
  resourceData: {
    "@odata.type": "#Microsoft.Graph.Event",
    "@odata.id": `Users/${mailbox}/Events/AAMkAGUAAAAA=`,
    "@odata.etag": 'W/"DwAAABYAAAA"',
    id: "AAMkAGUAAAAA=",
  },
  clientState,
  tenantId: "contoso-tenant",
});

describe("graphNotifications", () => {
  it("answers Graph's validation handshake with the decoded token as text/plain, without a key", async () => {
    const token = "Validation: Testing client application reachability for subscription Request-Id: 42+x";
    const encoded = encodeURIComponent(token).replaceAll("%20", "+");
    const res = await fetch(`${host.url}/api/graph/notifications?validationToken=${encoded}`, {
      method: "POST",
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await res.text()).toBe(token);
  });

  it("marks the mailbox of a notification carrying the client state, answering 202", async () => {
    const res = await post(JSON.stringify({ value: [notification(CLIENT_STATE)] }));
    expect(res.status).toBe(202);
    const store = await IncrementalStore.open(azurite.connectionString);
    expect((await store.listDirty()).map((m) => m.mailbox)).toEqual([MAILBOX]);
  });

  it("refuses (403, nothing marked, a warning) a batch whose client state is wrong or missing", async () => {
    const other = "4b7d0000-0000-4000-8000-000000000009";
    for (const state of ["guessed-client-state-000000", null]) {
      const res = await post(JSON.stringify({ value: [notification(state, other)] }));
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({
        code: "NOTIFICATION.FORBIDDEN",
        message: "No notification carries this app's client state",
      });
    }
    const store = await IncrementalStore.open(azurite.connectionString);
    expect((await store.listDirty()).map((m) => m.mailbox)).not.toContain(other);
    expect(logs.filter((l) => l.includes("ignored: clientStateMismatch"))).toHaveLength(2);
  });

  it("takes a batch with some notifications of ours (202), marking only theirs", async () => {
    const forged = "4b7d0000-0000-4000-8000-00000000000a";
    const ours = "4b7d0000-0000-4000-8000-00000000000b";
    const res = await post(
      JSON.stringify({
        value: [notification("stale-client-state", forged), notification(CLIENT_STATE, ours)],
      }),
    );
    expect(res.status).toBe(202);
    const dirty = (await (await IncrementalStore.open(azurite.connectionString)).listDirty()).map(
      (m) => m.mailbox,
    );
    expect(dirty).toContain(ours);
    expect(dirty).not.toContain(forged);
  });

  it("rejects a body that is not a changeNotificationCollection with 400", async () => {
    expect((await post("not json")).status).toBe(400);
    expect((await post(JSON.stringify({ value: [] }))).status).toBe(400);
    const bad = await post(
      JSON.stringify({ value: [{ ...notification(CLIENT_STATE), changeType: "moved" }] }),
    );
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { code: string }).code).toBe("NOTIFICATION.BAD_BODY");
  });

  it("validates the token query with an exported schema", () => {
    expect(validationQuerySchema.safeParse({ validationToken: "" }).success).toBe(false);
    expect(validationQuerySchema.safeParse({ validationToken: "abc" }).success).toBe(true);
  });
});
