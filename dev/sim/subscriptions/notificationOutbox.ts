// Delivery of change notifications the way Graph's webhook service does it: changes within a short window go out
// as one changeNotificationCollection POST per subscription, off the request path, retried with backoff on
// anything but a 2xx answer, and every attempt recorded.
import type { FetchLike } from "../core/trustingFetch.js";
import type { SimClock } from "../types.js";

export interface ChangeNotification {
  subscriptionId: string;
  subscriptionExpirationDateTime: string;
  changeType: "created" | "updated" | "deleted";
  resource: string;
  resourceData: {
    "@odata.type": string;
    "@odata.id": string;
    "@odata.etag": string;
    id: string;
  };
  clientState: string | null;
  tenantId: string;
}

/**
 * A lifecycle notification as Graph posts it to `lifecycleNotificationUrl`: about the subscription, not a resource
 * (no `resource`, `changeType` or `resourceData`), batched like change notifications.
 */
export interface LifecycleNotification {
  subscriptionId: string;
  subscriptionExpirationDateTime: string;
  tenantId: string;
  clientState: string | null;
  lifecycleEvent: LifecycleEvent;
}
export type LifecycleEvent = "missed" | "subscriptionRemoved" | "reauthorizationRequired";

/** One HTTP call the simulator made to a subscriber: a validation handshake or a notification POST. */
export interface NotificationDelivery {
  seq: number;
  kind: "validation" | "notification";
  subscriptionId: string;
  url: string;
  /** 1 for the first try. */
  attempt: number;
  /** The receiver's status; 0 when it gave none (refused, reset, timed out). */
  status: number;
  error?: string;
  /** What was sent: the changeNotificationCollection, or the validation token. */
  body: unknown;
  /** Simulator-clock time of the attempt. */
  tenantTime: string;
}

export interface OutboxOptions {
  /** Changes of one subscription within this window share one POST. */
  batchWindowMs: number;
  /** Waits before each retry; its length is the number of retries. */
  retryDelaysMs: readonly number[];
  /** Graph gives a receiver 3 s to answer before it counts the attempt as failed. */
  attemptTimeoutMs: number;
}

interface Batch {
  subscriptionId: string;
  url: string;
  notifications: Array<ChangeNotification | LifecycleNotification>;
}

export class NotificationOutbox {
  private readonly deliveries: NotificationDelivery[] = [];
  private readonly open = new Map<string, Batch>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly controllers = new Set<AbortController>();
  private readonly idleWaiters: (() => void)[] = [];
  private busy = 0;
  private seq = 0;
  private closed = false;

  constructor(private readonly deps: { fetch: FetchLike; clock: SimClock; options: OutboxOptions }) {}

  /** Queues one notification; the first of a window opens the batch and schedules its POST. */
  enqueue(url: string, notification: ChangeNotification | LifecycleNotification): void {
    if (this.closed) return;
    // Lifecycle notifications may go to another URL than the subscription's changes.
    const key = `${notification.subscriptionId} ${url}`;
    const batch = this.open.get(key);
    if (batch) {
      batch.notifications.push(notification);
      return;
    }
    const fresh: Batch = { subscriptionId: notification.subscriptionId, url, notifications: [notification] };
    this.open.set(key, fresh);
    this.busy++;
    this.later(this.deps.options.batchWindowMs, () => {
      this.open.delete(key);
      void this.deliver(fresh).finally(() => this.settle());
    });
  }

  /** Records a handshake attempt made elsewhere, so one list shows everything sent to subscribers. */
  record(entry: Omit<NotificationDelivery, "seq" | "tenantTime">): void {
    this.deliveries.push({ seq: ++this.seq, ...entry, tenantTime: this.deps.clock.now().toISOString() });
  }

  list(): readonly NotificationDelivery[] {
    return this.deliveries;
  }

  clear(): void {
    this.deliveries.length = 0;
  }

  /** Resolves once no batch is waiting, being posted or waiting for a retry. */
  idle(): Promise<void> {
    if (this.busy === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const controller of this.controllers) controller.abort();
    this.open.clear();
    this.busy = 0;
    this.wakeIdle();
  }

  private async deliver(batch: Batch): Promise<void> {
    const body = { value: batch.notifications };
    const payload = JSON.stringify(body);
    const delays = this.deps.options.retryDelaysMs;
    for (let attempt = 1; attempt <= delays.length + 1 && !this.closed; attempt++) {
      if (attempt > 1) await this.sleep(delays[attempt - 2]!);
      if (this.closed) return;
      const { status, error } = await this.post(batch.url, payload);
      this.record({
        kind: "notification",
        subscriptionId: batch.subscriptionId,
        url: batch.url,
        attempt,
        status,
        ...(error ? { error } : {}),
        body,
      });
      if (status >= 200 && status < 300) return;
    }
  }

  private async post(url: string, payload: string): Promise<{ status: number; error?: string }> {
    const controller = new AbortController();
    this.controllers.add(controller);
    const timer = setTimeout(() => controller.abort(), this.deps.options.attemptTimeoutMs);
    try {
      const response = await this.deps.fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json; charset=utf-8" },
        body: payload,
        redirect: "manual",
        signal: controller.signal,
      });
      // Drain the answer so the connection can be reused; its content means nothing to Graph.
      await response.arrayBuffer().catch(() => undefined);
      return { status: response.status };
    } catch (err) {
      return { status: 0, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
    } finally {
      clearTimeout(timer);
      this.controllers.delete(controller);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.later(ms, resolve));
  }

  private later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    // Pending deliveries never keep a process alive on their own; the server does while it runs.
    timer.unref();
    this.timers.add(timer);
  }

  private settle(): void {
    if (this.closed) return;
    this.busy--;
    if (this.busy === 0) this.wakeIdle();
  }

  private wakeIdle(): void {
    for (const wake of this.idleWaiters.splice(0)) wake();
  }
}
