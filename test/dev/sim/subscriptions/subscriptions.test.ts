// Graph change notifications in the simulator, driven like the app drives Graph: msal-node and the Graph SDK over
// HTTPS, a real HTTP receiver on loopback, every Graph body checked against Graph's own schema.
import type { Client, GraphError } from "@microsoft/microsoft-graph-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTrustingFetch } from "../../../../dev/sim/core/trustingFetch.js";
import { type Simulator, startSimulator } from "../../../../dev/sim/server.js";
import { graphClientFor } from "../../../helpers/graphClientFor.js";
import { type GraphSchemaChecker, graphSchemaChecker } from "../../../helpers/graphSchemaValidator.js";
import { type ReceivedNotification, type Receiver, startReceiver } from "./notificationReceiver.js";

const MARA_ID = "5e1a0000-0000-4000-8000-000000000001";
const ROB_ID = "5e1a0000-0000-4000-8000-000000000002";
const MARA = "mara@contoso.example";
const ROB = "rob@contoso.example";
const OTHER_APP = { clientId: "0fe70000-0000-4000-8000-0000000000aa", clientSecret: "other-secret" };
const NO_CALENDARS_APP = { clientId: "0fe70000-0000-4000-8000-0000000000bb", clientSecret: "dir-secret" };
const MINUTE = 60_000;

const bulkUsers = Array.from({ length: 40 }, (_, i) => {
  const n = String(i + 1).padStart(2, "0");
  return {
    id: `5e1a0000-0000-4000-8000-0000000001${n}`,
    displayName: `Bulk ${n}`,
    userPrincipalName: `bulk${n}@contoso.example`,
    mail: `bulk${n}@contoso.example`,
    managerId: MARA_ID,
    mailboxSettings: { timeZone: "UTC" },
  };
});

const fixture = {
  now: "2026-11-25T09:00:00Z",
  users: [
    {
      id: MARA_ID,
      displayName: "Mara Manager",
      userPrincipalName: MARA,
      mail: MARA,
      mailboxSettings: { timeZone: "Europe/Rome" },
    },
    {
      id: ROB_ID,
      displayName: "Rob Report",
      userPrincipalName: ROB,
      mail: ROB,
      managerId: MARA_ID,
      mailboxSettings: { timeZone: "America/New_York" },
    },
    {
      id: "5e1a0000-0000-4000-8000-000000000003",
      displayName: "No Mailbox",
      userPrincipalName: "nomail@contoso.example",
      hasMailbox: false,
    },
    ...bulkUsers,
  ],
  events: [
    {
      mailbox: MARA,
      event: {
        subject: "Mara / Rob 1:1",
        start: { dateTime: "2026-09-01T10:00:00", timeZone: "Europe/Rome" },
        end: { dateTime: "2026-09-01T10:30:00", timeZone: "Europe/Rome" },
        attendees: [{ type: "required", emailAddress: { address: ROB } }],
        recurrence: {
          pattern: { type: "weekly", interval: 2, daysOfWeek: ["tuesday"], firstDayOfWeek: "monday" },
          range: { type: "noEnd", startDate: "2026-09-01" },
        },
      },
    },
    {
      mailbox: MARA,
      event: {
        subject: "Planning",
        start: { dateTime: "2026-11-30T15:00:00", timeZone: "Europe/Rome" },
        end: { dateTime: "2026-11-30T16:00:00", timeZone: "Europe/Rome" },
        attendees: [{ type: "required", emailAddress: { address: ROB } }],
      },
    },
  ],
};

let sim: Simulator;
let graph: Client;
let receiver: Receiver;
let checker: GraphSchemaChecker;
let control: (path: string, init?: RequestInit) => Promise<Response>;

beforeAll(async () => {
  checker = graphSchemaChecker();
  receiver = await startReceiver();
  sim = await startSimulator({
    fixture,
    seed: 12,
    validate: checker.validator,
    apps: [
      { ...OTHER_APP, roles: ["Calendars.Read"] },
      { ...NO_CALENDARS_APP, roles: ["User.Read.All"] },
    ],
    // Short waits so the unhappy paths finish quickly; Graph's own are 10 s, 3 s and hours.
    subscriptions: { validationTimeoutMs: 1_000, retryDelaysMs: [20, 40, 80], attemptTimeoutMs: 1_000 },
  });
  graph = graphClientFor(sim, { retry: false });
  const trusting = createTrustingFetch(sim.caPem);
  control = (path, init) => trusting(`${sim.urls.control}${path}`, init);
});

afterAll(async () => {
  await sim?.close();
  await receiver?.close();
});

const inMinutes = (minutes: number) => new Date(sim.clock.now().getTime() + minutes * MINUTE).toISOString();

const subscriptionBody = (overrides: Record<string, unknown> = {}) => ({
  changeType: "created,updated,deleted",
  notificationUrl: `${receiver.base}/ok/default`,
  resource: `/users/${MARA_ID}/events`,
  expirationDateTime: inMinutes(3 * 24 * 60),
  clientState: "cadence-secret",
  ...overrides,
});

async function graphError(request: Promise<unknown>): Promise<GraphError> {
  try {
    await request;
  } catch (err) {
    return err as GraphError;
  }
  throw new Error("expected the request to fail");
}

/** Notifications for one subscription, flattened across the POSTs that carried them. */
function notificationsFor(subscriptionId: string): Record<string, unknown>[] {
  return receiver.notifications
    .flatMap((n) => n.body.value)
    .filter((v) => v.subscriptionId === subscriptionId);
}

function postsFor(subscriptionId: string): ReceivedNotification[] {
  return receiver.notifications.filter((n) => n.body.value.some((v) => v.subscriptionId === subscriptionId));
}

/**
 * Graph's CSDL declares resourceData an open type (Outlook adds `id` to it), which the flattened `.strict`
 * definition cannot express: the collection is checked strictly with the open part set aside, then `id` on its own.
 */
function expectNotificationSchema(body: ReceivedNotification["body"]): void {
  const closed = {
    value: body.value.map((n) => {
      const { id, ...resourceData } = n.resourceData as Record<string, unknown>;
      expect(typeof id).toBe("string");
      return { ...n, resourceData };
    }),
  };
  checker.check("microsoft.graph.changeNotificationCollection.strict", closed);
}

describe("creating a subscription", () => {
  it("validates the notificationUrl with Graph's handshake, then answers 201 with the subscription", async () => {
    const body = subscriptionBody({ notificationUrl: `${receiver.base}/ok/handshake?code=fn-key` });
    const created = await graph.api("/subscriptions").post(body);

    expect(created).toMatchObject({
      "@odata.context": expect.stringMatching(/\/v1\.0\/\$metadata#subscriptions\/\$entity$/),
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      resource: `/users/${MARA_ID}/events`,
      changeType: "created,updated,deleted",
      notificationUrl: body.notificationUrl,
      clientState: "cadence-secret",
      expirationDateTime: body.expirationDateTime,
      applicationId: sim.clientId,
      creatorId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      latestSupportedTlsVersion: "v1_2",
    });
    checker.check("microsoft.graph.subscription.strict", created);

    const validation = receiver.validations.find((v) => v.path === "/ok/handshake");
    expect(validation).toBeDefined();
    expect(validation?.method).toBe("POST");
    expect(validation?.contentType).toMatch(/^text\/plain/);
    // The function key in the notificationUrl survives; the token arrives URL-encoded and decodes to what was sent.
    expect(validation?.rawQuery).toMatch(/^code=fn-key&validationToken=Validation%3a\+Testing\+/);
    const recorded = sim
      .notifications()
      .find((d) => d.kind === "validation" && d.subscriptionId === created.id);
    expect(recorded).toMatchObject({ status: 200, url: body.notificationUrl });
    expect(validation?.token).toBe(recorded?.body);
  });

  it("refuses the subscription when the receiver answers the wrong token, 500, or nothing", async () => {
    const before = (await graph.api("/subscriptions").get()).value.length;
    const cases = [
      ["wrong-token", "Subscription validation request failed. Response must exactly match validationToken"],
      ["error", "Subscription validation request failed. Notification endpoint must respond with 200 OK"],
      ["hang", "Subscription validation request timed out."],
    ] as const;
    for (const [path, message] of cases) {
      const err = await graphError(
        graph.api("/subscriptions").post(subscriptionBody({ notificationUrl: `${receiver.base}/${path}` })),
      );
      expect(err.statusCode, path).toBe(400);
      expect(err.code, path).toBe("InvalidRequest");
      expect(err.message, path).toContain(message);
    }
    expect((await graph.api("/subscriptions").get()).value).toHaveLength(before);
  });

  it("requires https, except plain http on loopback (a local Functions host)", async () => {
    const err = await graphError(
      graph.api("/subscriptions").post(subscriptionBody({ notificationUrl: "http://example.com/hook" })),
    );
    expect(err.statusCode).toBe(400);
    expect(err.message).toContain("HTTPS");
    const local = await graph
      .api("/subscriptions")
      .post(
        subscriptionBody({ notificationUrl: `${receiver.base.replace("127.0.0.1", "localhost")}/ok/lh` }),
      );
    expect(local.id).toBeTruthy();
  });

  it("holds expirationDateTime to 10,080 minutes ahead of the simulator clock, and to the future", async () => {
    const atLimit = await graph
      .api("/subscriptions")
      .post(subscriptionBody({ expirationDateTime: inMinutes(10_080) }));
    expect(atLimit.expirationDateTime).toBe(inMinutes(10_080));

    const tooFar = await graphError(
      graph.api("/subscriptions").post(subscriptionBody({ expirationDateTime: inMinutes(10_081) })),
    );
    expect(tooFar.statusCode).toBe(400);
    expect(tooFar.code).toBe("ExtensionError");
    expect(tooFar.message).toBe("Subscription expiration can only be 10080 minutes in the future.");

    const past = await graphError(
      graph.api("/subscriptions").post(subscriptionBody({ expirationDateTime: inMinutes(-1) })),
    );
    expect(past.statusCode).toBe(400);

    const { expirationDateTime: _, ...missing } = subscriptionBody();
    const absent = await graphError(graph.api("/subscriptions").post(missing));
    expect(absent.message).toBe("expirationDateTime is a required property for subscription creation.");
  });

  it("rejects resources, change types and mailboxes Graph would reject", async () => {
    const wrongResource = await graphError(
      graph.api("/subscriptions").post(subscriptionBody({ resource: `/users/${MARA_ID}/messages` })),
    );
    expect(wrongResource.statusCode).toBe(400);
    const wrongChange = await graphError(
      graph.api("/subscriptions").post(subscriptionBody({ changeType: "created,moved" })),
    );
    expect(wrongChange.statusCode).toBe(400);
    const noUser = await graphError(
      graph
        .api("/subscriptions")
        .post(subscriptionBody({ resource: "/users/nobody@contoso.example/events" })),
    );
    expect(noUser.statusCode).toBe(404);
    const noMailbox = await graphError(
      graph
        .api("/subscriptions")
        .post(subscriptionBody({ resource: "/users/nomail@contoso.example/events" })),
    );
    expect(noMailbox.message).toContain("REST API is not yet supported for this mailbox");
    const noPermission = await graphError(
      graphClientFor(sim, { ...NO_CALENDARS_APP, retry: false })
        .api("/subscriptions")
        .post(subscriptionBody()),
    );
    expect(noPermission.statusCode).toBe(403);
  });
});

describe("managing subscriptions", () => {
  it("lists, reads, renews and deletes the app's own subscriptions only", async () => {
    const created = await graph
      .api("/subscriptions")
      .post(
        subscriptionBody({ resource: `users/${ROB}/events`, notificationUrl: `${receiver.base}/ok/manage` }),
      );
    const listed = await graph.api("/subscriptions").get();
    expect(listed.value.map((s: { id: string }) => s.id)).toContain(created.id);
    expect(await graph.api(`/subscriptions/${created.id}`).get()).toMatchObject({
      id: created.id,
      resource: `users/${ROB}/events`,
    });

    const other = graphClientFor(sim, { ...OTHER_APP, retry: false });
    expect((await other.api("/subscriptions").get()).value).toEqual([]);
    expect((await graphError(other.api(`/subscriptions/${created.id}`).get())).statusCode).toBe(404);

    const renewedTo = inMinutes(5 * 24 * 60);
    const renewed = await graph.api(`/subscriptions/${created.id}`).patch({ expirationDateTime: renewedTo });
    expect(renewed.expirationDateTime).toBe(renewedTo);
    checker.check("microsoft.graph.subscription.strict", renewed);
    const tooFar = await graphError(
      graph.api(`/subscriptions/${created.id}`).patch({ expirationDateTime: inMinutes(10_081) }),
    );
    expect(tooFar.statusCode).toBe(400);
    expect((await graph.api(`/subscriptions/${created.id}`).get()).expirationDateTime).toBe(renewedTo);

    // Moving the subscription to another URL repeats the handshake there, and a failed one changes nothing.
    const badMove = await graphError(
      graph
        .api(`/subscriptions/${created.id}`)
        .patch({ notificationUrl: `${receiver.base}/wrong-token/moved` }),
    );
    expect(badMove.statusCode).toBe(400);
    const moved = await graph
      .api(`/subscriptions/${created.id}`)
      .patch({ notificationUrl: `${receiver.base}/ok/moved` });
    expect(moved.notificationUrl).toBe(`${receiver.base}/ok/moved`);
    expect(receiver.validations.map((v) => v.path)).toContain("/ok/moved");
    const emptyPatch = await graphError(graph.api(`/subscriptions/${created.id}`).patch({}));
    expect(emptyPatch.statusCode).toBe(400);

    await graph.api(`/subscriptions/${created.id}`).delete();
    expect((await graphError(graph.api(`/subscriptions/${created.id}`).get())).statusCode).toBe(404);
    expect((await graph.api("/subscriptions").get()).value.map((s: { id: string }) => s.id)).not.toContain(
      created.id,
    );
  });

  it("creates 40 subscriptions through two $batch requests, one per mailbox", async () => {
    const entries = bulkUsers.map((user, i) => ({
      id: String(i + 1),
      method: "POST",
      url: "/subscriptions",
      headers: { "Content-Type": "application/json" },
      body: subscriptionBody({
        resource: `/users/${user.id}/events`,
        notificationUrl: `${receiver.base}/ok/bulk`,
      }),
    }));
    const responses: { id: string; status: number; body: Record<string, unknown> }[] = [];
    for (const requests of [entries.slice(0, 20), entries.slice(20)]) {
      const answer = await graph.api("/$batch").post({ requests });
      responses.push(...answer.responses);
    }
    expect(responses).toHaveLength(40);
    expect(responses.every((r) => r.status === 201)).toBe(true);
    for (const r of responses) checker.check("microsoft.graph.subscription.strict", r.body);
    const resources = new Set(responses.map((r) => r.body.resource));
    expect(resources.size).toBe(40);
    expect(receiver.validations.filter((v) => v.path === "/ok/bulk")).toHaveLength(40);
  });
});

describe("change notifications", () => {
  it("tells both mailboxes' subscribers when the organizer PATCHes an event through Graph", async () => {
    const maraSub = await graph
      .api("/subscriptions")
      .post(
        subscriptionBody({ notificationUrl: `${receiver.base}/ok/patch-mara`, clientState: "mara-state" }),
      );
    const robSub = await graph.api("/subscriptions").post(
      subscriptionBody({
        resource: `/users/${ROB_ID}/events`,
        notificationUrl: `${receiver.base}/ok/patch-rob`,
        clientState: "rob-state",
      }),
    );
    const events = await graph.api(`/users/${MARA_ID}/events`).filter("subject eq 'Planning'").get();
    const planning = events.value[0] as { id: string };
    await graph.api(`/users/${MARA_ID}/events/${planning.id}`).patch({ subject: "Planning (moved room)" });
    await sim.notificationsIdle();

    const [toMara] = notificationsFor(maraSub.id);
    const current = await graph.api(`/users/${MARA_ID}/events/${planning.id}`).get();
    expect(toMara).toEqual({
      subscriptionId: maraSub.id,
      subscriptionExpirationDateTime: maraSub.expirationDateTime,
      changeType: "updated",
      resource: `Users/${MARA_ID}/Events/${planning.id}`,
      resourceData: {
        "@odata.type": "#Microsoft.Graph.Event",
        "@odata.id": `Users/${MARA_ID}/Events/${planning.id}`,
        "@odata.etag": current["@odata.etag"],
        id: planning.id,
      },
      clientState: "mara-state",
      tenantId: sim.tenantId,
    });
    const toRob = notificationsFor(robSub.id);
    expect(toRob).toHaveLength(1);
    expect(toRob[0]).toMatchObject({ changeType: "updated", clientState: "rob-state" });
    const robCopy = await graph
      .api(`/users/${ROB_ID}/events/${(toRob[0]!.resourceData as { id: string }).id}`)
      .get();
    expect(robCopy.subject).toBe("Planning (moved room)");

    for (const post of [...postsFor(maraSub.id), ...postsFor(robSub.id)]) {
      expect(post.contentType).toMatch(/^application\/json/);
      expectNotificationSchema(post.body);
    }
  });

  it("reports created and deleted events, and only the change types subscribed to", async () => {
    const all = await graph.api("/subscriptions").post(
      subscriptionBody({
        resource: `/users/${ROB_ID}/events`,
        notificationUrl: `${receiver.base}/ok/cd-all`,
      }),
    );
    const createdOnly = await graph.api("/subscriptions").post(
      subscriptionBody({
        resource: `/users/${ROB_ID}/events`,
        changeType: "created",
        notificationUrl: `${receiver.base}/ok/cd-created`,
      }),
    );
    const event = await graph.api(`/users/${ROB_ID}/events`).post({
      subject: "Focus",
      start: { dateTime: "2026-12-01T09:00:00", timeZone: "America/New_York" },
      end: { dateTime: "2026-12-01T11:00:00", timeZone: "America/New_York" },
    });
    await sim.notificationsIdle();
    await graph.api(`/users/${ROB_ID}/events/${event.id}`).patch({ subject: "Deep focus" });
    await sim.notificationsIdle();
    await graph.api(`/users/${ROB_ID}/events/${event.id}`).delete();
    await sim.notificationsIdle();

    expect(notificationsFor(all.id).map((n) => n.changeType)).toEqual(["created", "updated", "deleted"]);
    expect(notificationsFor(createdOnly.id).map((n) => n.changeType)).toEqual(["created"]);
    expect(notificationsFor(all.id).every((n) => (n.resourceData as { id: string }).id === event.id)).toBe(
      true,
    );
  });

  it("notifies when someone edits a calendar outside Cadence (control touch), and records every delivery", async () => {
    const sub = await graph
      .api("/subscriptions")
      .post(subscriptionBody({ notificationUrl: `${receiver.base}/ok/touch` }));
    const res = await control("/calendar/touch", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ mailbox: MARA, count: 2 }),
    });
    expect(res.status).toBe(200);
    const touched = (await res.json()) as { mailbox: string; touched: { eventId: string; change: string }[] };
    expect(touched.mailbox).toBe(MARA_ID);
    expect(touched.touched.map((t) => t.change).sort()).toEqual(["moved", "renamed"]);
    await sim.notificationsIdle();

    const received = notificationsFor(sub.id);
    expect(received.map((n) => n.changeType)).toEqual(["updated", "updated"]);
    const moved = touched.touched.find((t) => t.change === "moved")!;
    const occurrence = await graph.api(`/users/${MARA_ID}/events/${moved.eventId}`).get();
    expect(occurrence.type).toBe("exception");
    // Graph reports a change to one occurrence on the series it belongs to.
    expect(received.map((n) => (n.resourceData as { id: string }).id)).toContain(occurrence.seriesMasterId);

    const recorded = (await (await control("/notifications")).json()) as {
      value: { kind: string; subscriptionId: string; url: string; status: number; body: unknown }[];
    };
    const mine = recorded.value.filter((d) => d.subscriptionId === sub.id);
    expect(mine.map((d) => [d.kind, d.status])).toEqual([
      ["validation", 200],
      ["notification", 202],
    ]);
    expect(mine[1]?.url).toBe(`${receiver.base}/ok/touch`);
    expect(mine[1]?.body).toEqual(postsFor(sub.id)[0]?.body);
    expect((await control("/notifications", { method: "DELETE" })).status).toBe(204);
    expect(sim.notifications()).toEqual([]);
  });

  it("rejects a touch of an unknown mailbox or a malformed command", async () => {
    const post = (body: unknown) =>
      control("/calendar/touch", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    expect((await post({ mailbox: "nobody@contoso.example" })).status).toBe(404);
    expect((await post({ mailbox: MARA, count: 0 })).status).toBe(400);
    expect((await post({ user: MARA })).status).toBe(400);
  });

  it("batches changes made within the window into one POST per subscription", async () => {
    const sub = await graph
      .api("/subscriptions")
      .post(subscriptionBody({ notificationUrl: `${receiver.base}/ok/batched` }));
    // Mara has two events: three edits in one tick, the last one editing an event a second time.
    sim.touchCalendar(MARA, 2);
    sim.touchCalendar(MARA, 1);
    await sim.notificationsIdle();
    const posts = postsFor(sub.id);
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body.value).toHaveLength(3);
    expectNotificationSchema(posts[0]!.body);
  });

  it("retries a delivery the receiver answers with 500 until it is accepted", async () => {
    const sub = await graph
      .api("/subscriptions")
      .post(subscriptionBody({ notificationUrl: `${receiver.base}/flaky/2/retry` }));
    sim.touchCalendar(MARA, 1);
    await sim.notificationsIdle();
    const attempts = sim
      .notifications()
      .filter((d) => d.subscriptionId === sub.id && d.kind === "notification");
    expect(attempts.map((d) => [d.attempt, d.status])).toEqual([
      [1, 500],
      [2, 500],
      [3, 202],
    ]);
    const posts = postsFor(sub.id);
    expect(posts).toHaveLength(3);
    expect(new Set(posts.map((p) => JSON.stringify(p.body))).size).toBe(1);
  });

  it("gives up after the last retry", async () => {
    const sub = await graph
      .api("/subscriptions")
      .post(subscriptionBody({ notificationUrl: `${receiver.base}/flaky/99/down` }));
    sim.touchCalendar(MARA, 1);
    await sim.notificationsIdle();
    const attempts = sim
      .notifications()
      .filter((d) => d.subscriptionId === sub.id && d.kind === "notification");
    expect(attempts.map((d) => d.status)).toEqual([500, 500, 500, 500]);
  });

  it("sends nothing for a subscription the simulator clock has expired, which then no longer exists", async () => {
    const sub = await graph.api("/subscriptions").post(
      subscriptionBody({
        notificationUrl: `${receiver.base}/ok/expired`,
        expirationDateTime: inMinutes(30),
      }),
    );
    sim.clock.advance(31 * MINUTE);
    sim.touchCalendar(MARA, 2);
    await sim.notificationsIdle();
    expect(postsFor(sub.id)).toEqual([]);
    expect((await graphError(graph.api(`/subscriptions/${sub.id}`).get())).statusCode).toBe(404);
  });
});

describe("schema", () => {
  it("checked every subscription request and response body the simulator served, with no failure", () => {
    expect(sim.validationFailures).toEqual([]);
    expect(checker.checked).toContain("request POST /subscriptions");
    expect(checker.checked).toContain("response POST /subscriptions");
    expect(checker.checked).toContain("response GET /subscriptions");
  });
});
