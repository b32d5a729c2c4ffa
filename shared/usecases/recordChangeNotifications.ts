// Marks the mailboxes Graph says changed, so the next incremental scan reads their calendars again; and acts on
// Graph's lifecycle notifications: missed changes mark the mailbox, a removed subscription is forgotten (the
// mailbox marked, the subscription to recreate), a reauthorization challenge names the subscription to renew.
import { timingSafeEqual } from "node:crypto";
import type { ChangeNotificationCollection } from "./ports/changeNotificationCollectionSchema.js";
import type { IncrementalStorePort } from "./ports/incrementalRecords.js";
import type { Clock } from "./ports/scanPorts.js";

export interface RecordChangeNotificationsPorts {
  store: Pick<IncrementalStorePort, "markDirty" | "listSubscriptions" | "deleteSubscriptions">;
  clock: Clock;
  /** The secret the subscriptions were created with. */
  clientState: string;
}

export interface RecordedNotifications {
  /** Mailboxes marked dirty. */
  marked: string[];
  /** Notifications ignored, with why (never trusted: anyone can POST to the URL). */
  ignored: Array<{
    subscriptionId: string;
    why: "clientStateMismatch" | "unknownResource" | "unknownSubscription";
  }>;
  /**
   * Subscriptions that need Graph now, which this endpoint must not call (Graph waits 3 s for its answer):
   * mailboxes whose subscription Graph removed (to create again) or challenged (to reauthorize).
   */
  resubscribe: { recreate: string[]; reauthorize: string[] };
}

// Graph writes `Users/{id}/Events/{id}`; OData key syntax `Users('{id}')/Events('{id}')` is accepted too.
const MAILBOX = /^\/?users(?:\/([^/('")]+)|\('([^']+)'\))\/events\b/i;

export async function recordChangeNotifications(
  ports: RecordChangeNotificationsPorts,
  collection: ChangeNotificationCollection,
): Promise<RecordedNotifications> {
  const marked = new Set<string>();
  const ignored: RecordedNotifications["ignored"] = [];
  const resubscribe: RecordedNotifications["resubscribe"] = { recreate: [], reauthorize: [] };
  let mailboxOf: Map<string, string> | undefined;
  for (const n of collection.value) {
    if (!sameSecret(n.clientState ?? "", ports.clientState)) {
      ignored.push({ subscriptionId: n.subscriptionId, why: "clientStateMismatch" });
      continue;
    }
    if ("lifecycleEvent" in n) {
      // Lifecycle notifications name no resource: the subscription's mailbox comes from the store.
      mailboxOf ??= new Map(
        (await ports.store.listSubscriptions()).map((s) => [s.subscriptionId, s.mailbox]),
      );
      const mailbox = mailboxOf.get(n.subscriptionId);
      if (!mailbox) {
        ignored.push({ subscriptionId: n.subscriptionId, why: "unknownSubscription" });
        continue;
      }
      if (n.lifecycleEvent === "reauthorizationRequired") {
        resubscribe.reauthorize.push(mailbox);
        continue;
      }
      // Missed changes, or changes made while no subscription exists: only a fresh read of the calendar tells.
      marked.add(mailbox);
      if (n.lifecycleEvent === "subscriptionRemoved") resubscribe.recreate.push(mailbox);
      continue;
    }
    const match = MAILBOX.exec(n.resource);
    const mailbox = match?.[1] ?? match?.[2];
    if (!mailbox) ignored.push({ subscriptionId: n.subscriptionId, why: "unknownResource" });
    else marked.add(decodeURIComponent(mailbox));
  }
  if (marked.size > 0) await ports.store.markDirty([...marked], ports.clock.now());
  // Forgotten only after the mark is stored: the upkeep then creates the subscription anew.
  if (resubscribe.recreate.length > 0) await ports.store.deleteSubscriptions(resubscribe.recreate);
  return { marked: [...marked], ignored, resubscribe };
}

/** Compares in constant time, so the answer's timing tells nothing about the secret. */
function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
