// Marks the mailboxes Graph says changed, so the next incremental scan reads their calendars again.
import { timingSafeEqual } from "node:crypto";
import type { ChangeNotificationCollection } from "./ports/changeNotificationCollectionSchema.js";
import type { IncrementalStorePort } from "./ports/incrementalRecords.js";
import type { Clock } from "./ports/scanPorts.js";

export interface RecordChangeNotificationsPorts {
  store: Pick<IncrementalStorePort, "markDirty">;
  clock: Clock;
  /** The secret the subscriptions were created with. */
  clientState: string;
}

export interface RecordedNotifications {
  /** Mailboxes marked dirty. */
  marked: string[];
  /** Notifications ignored, with why (never trusted: anyone can POST to the URL). */
  ignored: Array<{ subscriptionId: string; why: "clientStateMismatch" | "unknownResource" }>;
}

// Graph writes `Users/{id}/Events/{id}`; OData key syntax `Users('{id}')/Events('{id}')` is accepted too.
const MAILBOX = /^\/?users(?:\/([^/('")]+)|\('([^']+)'\))\/events\b/i;

export async function recordChangeNotifications(
  ports: RecordChangeNotificationsPorts,
  collection: ChangeNotificationCollection,
): Promise<RecordedNotifications> {
  const marked = new Set<string>();
  const ignored: RecordedNotifications["ignored"] = [];
  for (const n of collection.value) {
    if (!sameSecret(n.clientState ?? "", ports.clientState)) {
      ignored.push({ subscriptionId: n.subscriptionId, why: "clientStateMismatch" });
      continue;
    }
    const match = MAILBOX.exec(n.resource);
    const mailbox = match?.[1] ?? match?.[2];
    if (!mailbox) ignored.push({ subscriptionId: n.subscriptionId, why: "unknownResource" });
    else marked.add(decodeURIComponent(mailbox));
  }
  if (marked.size > 0) await ports.store.markDirty([...marked], ports.clock.now());
  return { marked: [...marked], ignored };
}

/** Compares in constant time, so the answer's timing tells nothing about the secret. */
function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
