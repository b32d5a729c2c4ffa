// Graph change-notification subscriptions on Outlook events (`/users/{id}/events`): Graph's validation rules
// and handshake, one app's subscriptions isolated from another's, and notifications for every change of an
// event copy in a subscribed mailbox. Expiry follows the simulator clock.
import { DateTime } from "luxon";
import type { CalendarChange, CalendarStore } from "../calendar/calendarStore.js";
import { renderEvent } from "../calendar/eventJson.js";
import { createRng, deriveSeed, seededUuid } from "../core/random.js";
import type { FetchLike } from "../core/trustingFetch.js";
import { GraphError, type IdSource, type SimClock } from "../types.js";
import {
  type ChangeNotification,
  type LifecycleEvent,
  type NotificationDelivery,
  NotificationOutbox,
  type OutboxOptions,
} from "./notificationOutbox.js";
import type { SubscriptionCreate, SubscriptionPatch } from "./subscriptionSchemas.js";
import { VALIDATION_TIMEOUT_MS, validateNotificationUrl } from "./validationHandshake.js";

/** Graph's documented maximum lifetime of a subscription on Outlook events without resource data (under 7 days). */
export const MAX_EXPIRATION_MINUTES = 10_080;
const CHANGE_TYPES = new Set(["created", "updated", "deleted"]);
const CLIENT_STATE_MAX = 128;
const RESOURCE = /^\/?users(?:\/([^/?('")]+)|\('([^']+)'\))\/events$/i;

export interface SubscriptionOptions extends Partial<OutboxOptions> {
  /** Graph's 10 s by default; tests shorten it to exercise a receiver that never answers. */
  validationTimeoutMs?: number;
  /**
   * How the simulator reaches subscribers. Node's fetch by default: it trusts the system CAs (and
   * NODE_EXTRA_CA_CERTS), which is all an http loopback receiver or a real https endpoint needs.
   */
  fetch?: FetchLike;
}

export interface SimSubscription {
  id: string;
  appId: string;
  creatorId: string;
  /** As the client wrote it, which Graph echoes. */
  resource: string;
  mailboxId: string;
  changeType: string;
  changeTypes: ReadonlySet<string>;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  clientState: string | null;
  expiration: Date;
  latestSupportedTlsVersion: string;
  /**
   * Set by a `reauthorizationRequired` challenge: Graph holds back change notifications (they are lost) until the
   * app reauthorizes the subscription (`POST …/reauthorize`) or renews it (PATCH).
   */
  reauthorizationRequired: boolean;
}

export class SubscriptionService {
  private readonly subscriptions = new Map<string, SimSubscription>();
  private readonly byMailbox = new Map<string, Set<SimSubscription>>();
  private readonly outbox: NotificationOutbox;
  private readonly fetch: FetchLike;
  private readonly validationTimeoutMs: number;
  private readonly stopListening: () => void;

  constructor(
    private readonly deps: {
      calendar: CalendarStore;
      clock: SimClock;
      ids: IdSource;
      tenantId: string;
      seed: number;
      options?: SubscriptionOptions;
    },
  ) {
    const options = deps.options ?? {};
    this.fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.validationTimeoutMs = options.validationTimeoutMs ?? VALIDATION_TIMEOUT_MS;
    this.outbox = new NotificationOutbox({
      fetch: this.fetch,
      clock: deps.clock,
      options: {
        batchWindowMs: options.batchWindowMs ?? 100,
        retryDelaysMs: options.retryDelaysMs ?? [250, 1_000, 4_000],
        attemptTimeoutMs: options.attemptTimeoutMs ?? 3_000,
      },
    });
    this.stopListening = deps.calendar.onChange((change) => this.onCalendarChange(change));
  }

  async create(appId: string, input: SubscriptionCreate): Promise<SimSubscription> {
    const mailboxId = this.mailboxOf(input.resource);
    const changeTypes = parseChangeType(input.changeType);
    const notificationUrl = checkUrl(input.notificationUrl, "notificationUrl");
    const lifecycleNotificationUrl = input.lifecycleNotificationUrl
      ? checkUrl(input.lifecycleNotificationUrl, "lifecycleNotificationUrl")
      : null;
    if (input.expirationDateTime == null) {
      throw new GraphError(
        400,
        "InvalidRequest",
        "expirationDateTime is a required property for subscription creation.",
      );
    }
    const expiration = this.checkExpiration(input.expirationDateTime);
    if (input.clientState != null && input.clientState.length > CLIENT_STATE_MAX) {
      throw new GraphError(
        400,
        "InvalidRequest",
        `clientState must be at most ${CLIENT_STATE_MAX} characters long.`,
      );
    }
    if (input.includeResourceData) {
      // A deliberate gap: Cadence asks for plain notifications, so encrypted resource data is not simulated.
      throw new GraphError(
        400,
        "InvalidRequest",
        "The simulator does not deliver notifications with resource data (includeResourceData).",
      );
    }
    const id = this.deps.ids.next("subscription");
    await this.handshake(id, notificationUrl);
    if (lifecycleNotificationUrl) await this.handshake(id, lifecycleNotificationUrl);
    const subscription: SimSubscription = {
      id,
      appId,
      creatorId: this.servicePrincipalOf(appId),
      resource: input.resource,
      mailboxId,
      changeType: [...changeTypes].join(","),
      changeTypes,
      notificationUrl,
      lifecycleNotificationUrl,
      clientState: input.clientState ?? null,
      expiration,
      latestSupportedTlsVersion: input.latestSupportedTlsVersion ?? "v1_2",
      reauthorizationRequired: false,
    };
    this.subscriptions.set(id, subscription);
    const set = this.byMailbox.get(mailboxId) ?? new Set();
    this.byMailbox.set(mailboxId, set.add(subscription));
    return subscription;
  }

  /** The calling app's live subscriptions, oldest first (an app never sees another app's). */
  list(appId: string): SimSubscription[] {
    return [...this.subscriptions.values()].filter((s) => s.appId === appId && this.isLive(s));
  }

  get(appId: string, id: string): SimSubscription {
    const subscription = this.subscriptions.get(id);
    if (!subscription || subscription.appId !== appId || !this.isLive(subscription)) {
      throw new GraphError(404, "ResourceNotFound", `The object was not found: subscription '${id}'.`);
    }
    return subscription;
  }

  async update(appId: string, id: string, patch: SubscriptionPatch): Promise<SimSubscription> {
    const subscription = this.get(appId, id);
    if (patch.expirationDateTime == null && patch.notificationUrl == null) {
      throw new GraphError(
        400,
        "InvalidRequest",
        "Subscription must contain either the 'expirationDateTime' or 'notificationUrl' property and its value.",
      );
    }
    const expiration =
      patch.expirationDateTime != null
        ? this.checkExpiration(patch.expirationDateTime)
        : subscription.expiration;
    let notificationUrl = subscription.notificationUrl;
    if (patch.notificationUrl != null && patch.notificationUrl !== subscription.notificationUrl) {
      notificationUrl = checkUrl(patch.notificationUrl, "notificationUrl");
      await this.handshake(id, notificationUrl);
    }
    subscription.expiration = expiration;
    subscription.notificationUrl = notificationUrl;
    // Renewing also reauthorizes (Graph's lifecycle guidance).
    subscription.reauthorizationRequired = false;
    return subscription;
  }

  /** `POST /subscriptions/{id}/reauthorize`: answers a reauthorization challenge without extending the expiry. */
  reauthorize(appId: string, id: string): void {
    this.get(appId, id).reauthorizationRequired = false;
  }

  /**
   * Sends a lifecycle notification of the subscription, as Graph does when it removes a subscription, misses
   * change notifications or challenges the app to reauthorize. A subscription created without a
   * `lifecycleNotificationUrl` gets none (Graph's rule); `subscriptionRemoved` also removes it.
   */
  sendLifecycle(id: string, event: LifecycleEvent): { sent: boolean } {
    const subscription = this.subscriptions.get(id);
    if (!subscription || !this.isLive(subscription)) {
      throw new GraphError(404, "ResourceNotFound", `The object was not found: subscription ${id}.`);
    }
    if (event === "subscriptionRemoved") this.forget(subscription);
    if (event === "reauthorizationRequired") subscription.reauthorizationRequired = true;
    if (!subscription.lifecycleNotificationUrl) return { sent: false };
    this.outbox.enqueue(subscription.lifecycleNotificationUrl, {
      subscriptionId: subscription.id,
      subscriptionExpirationDateTime: subscription.expiration.toISOString(),
      tenantId: this.deps.tenantId,
      clientState: subscription.clientState,
      lifecycleEvent: event,
    });
    return { sent: true };
  }

  delete(appId: string, id: string): void {
    this.forget(this.get(appId, id));
  }

  /** Every validation and notification attempt so far, in order. */
  deliveries(): readonly NotificationDelivery[] {
    return this.outbox.list();
  }

  clearDeliveries(): void {
    this.outbox.clear();
  }

  /** Resolves when every queued notification has been delivered or given up on. */
  idle(): Promise<void> {
    return this.outbox.idle();
  }

  close(): void {
    this.stopListening();
    this.outbox.close();
  }

  /** Graph's JSON for a subscription (`microsoft.graph.subscription`). */
  render(subscription: SimSubscription): Record<string, unknown> {
    return {
      id: subscription.id,
      resource: subscription.resource,
      applicationId: subscription.appId,
      changeType: subscription.changeType,
      clientState: subscription.clientState,
      notificationUrl: subscription.notificationUrl,
      notificationQueryOptions: null,
      lifecycleNotificationUrl: subscription.lifecycleNotificationUrl,
      expirationDateTime: subscription.expiration.toISOString(),
      creatorId: subscription.creatorId,
      includeResourceData: null,
      latestSupportedTlsVersion: subscription.latestSupportedTlsVersion,
      encryptionCertificate: null,
      encryptionCertificateId: null,
      notificationUrlAppId: null,
      // Graph also returns `notificationContentType`, which its own metadata (and so the strict schema) lacks.
    };
  }

  private onCalendarChange(change: CalendarChange): void {
    const subscribed = this.byMailbox.get(change.mailbox);
    if (!subscribed) return;
    const now = this.deps.clock.now().getTime();
    for (const subscription of subscribed) {
      if (subscription.expiration.getTime() <= now) continue;
      if (!subscription.changeTypes.has(change.changeType)) continue;
      if (subscription.reauthorizationRequired) continue; // paused until reauthorized: the change is lost
      const path = `Users/${change.mailbox}/Events/${change.eventId}`;
      const etag = renderEvent({ view: change.view }, { timeZone: "UTC", basic: true })["@odata.etag"];
      const notification: ChangeNotification = {
        subscriptionId: subscription.id,
        subscriptionExpirationDateTime: subscription.expiration.toISOString(),
        changeType: change.changeType,
        resource: path,
        resourceData: {
          "@odata.type": "#Microsoft.Graph.Event",
          "@odata.id": path,
          "@odata.etag": String(etag),
          id: change.eventId,
        },
        clientState: subscription.clientState,
        tenantId: this.deps.tenantId,
      };
      this.outbox.enqueue(subscription.notificationUrl, notification);
    }
  }

  private async handshake(subscriptionId: string, url: string): Promise<void> {
    const token = `Validation: Testing client application reachability for subscription Request-Id: ${this.deps.ids.next("validation")}`;
    const result = await validateNotificationUrl(url, token, {
      fetch: this.fetch,
      timeoutMs: this.validationTimeoutMs,
    });
    this.outbox.record({
      kind: "validation",
      subscriptionId,
      url,
      attempt: 1,
      status: result.status,
      ...(!result.ok && result.error ? { error: result.error } : {}),
      body: token,
    });
    if (!result.ok) throw new GraphError(400, "InvalidRequest", result.message);
  }

  private mailboxOf(resource: string): string {
    const match = RESOURCE.exec(resource.trim());
    const key = match?.[1] ?? match?.[2];
    if (!key) {
      throw new GraphError(
        400,
        "InvalidRequest",
        `Resource '${resource}' is not supported for change notifications; the simulator serves '/users/{id}/events'.`,
      );
    }
    const user = this.deps.calendar.findUser(decodeURIComponent(key));
    if (!user) {
      throw new GraphError(
        404,
        "ExtensionError",
        `Operation: Create; Exception: [Status Code: NotFound; Reason: The requested user '${key}' is invalid.]`,
      );
    }
    if (user.hasMailbox === false) {
      throw new GraphError(
        404,
        "ExtensionError",
        "Operation: Create; Exception: [Status Code: NotFound; Reason: REST API is not yet supported for this mailbox.]",
      );
    }
    return user.id;
  }

  private checkExpiration(raw: string): Date {
    const parsed = DateTime.fromISO(raw, { zone: "utc" });
    if (!parsed.isValid) {
      throw new GraphError(
        400,
        "InvalidRequest",
        "Could not process subscription creation payload. Are all property names spelled and camelCased properly? Also are the dateTimeOffest properties in the following format yyyy-MM-ddThh:mm:ss.fffffffZ?",
      );
    }
    const expiration = parsed.toJSDate();
    const now = this.deps.clock.now().getTime();
    if (expiration.getTime() <= now) {
      throw new GraphError(400, "ExtensionError", "Subscription expiration must be in the future.");
    }
    if (expiration.getTime() - now > MAX_EXPIRATION_MINUTES * 60_000) {
      throw new GraphError(
        400,
        "ExtensionError",
        `Subscription expiration can only be ${MAX_EXPIRATION_MINUTES} minutes in the future.`,
      );
    }
    return expiration;
  }

  /** Graph deletes a subscription once it expires; the simulator forgets it on first sight. */
  private isLive(subscription: SimSubscription): boolean {
    if (subscription.expiration.getTime() > this.deps.clock.now().getTime()) return true;
    this.forget(subscription);
    return false;
  }

  private forget(subscription: SimSubscription): void {
    this.subscriptions.delete(subscription.id);
    this.byMailbox.get(subscription.mailboxId)?.delete(subscription);
  }

  /** An app's service principal id: stable for the app within a seed, as in a real tenant. */
  private servicePrincipalOf(appId: string): string {
    return seededUuid(createRng(deriveSeed(this.deps.seed, "servicePrincipal", appId)));
  }
}

function parseChangeType(raw: string): Set<string> {
  const parts = raw.split(",").map((part) => part.trim());
  if (parts.length === 0 || parts.some((part) => !CHANGE_TYPES.has(part))) {
    throw new GraphError(
      400,
      "InvalidRequest",
      `Invalid changeType '${raw}': use created, updated and/or deleted, separated by commas.`,
    );
  }
  return new Set(parts);
}

/**
 * Graph requires https. The simulator also accepts plain http on loopback, because a local Functions host
 * (dev/host, `func start`) serves http only: a deliberate deviation for local runs.
 */
function checkUrl(raw: string, property: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new GraphError(400, "InvalidRequest", `The ${property} '${raw}' is not an absolute URL.`);
  }
  const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    throw new GraphError(400, "InvalidRequest", `The ${property} must use the HTTPS protocol.`);
  }
  return raw;
}
