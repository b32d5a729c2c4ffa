// Keeps one Graph change-notification subscription on each tracked manager's events: creates the missing ones,
// renews those about to expire and deletes those of mailboxes that are no longer managers.
import { type PairExclusions, pairsFromDirectory } from "../domain/pairsFromDirectory.js";
import type { IncrementalStorePort, SubscriptionRecord } from "./ports/incrementalRecords.js";
import type { Clock, IncrementalGraph, SubscriptionChange } from "./ports/scanPorts.js";

const MINUTE = 60_000;
/** Graph's longest lifetime for Outlook event subscriptions is 10,080 minutes; a little less leaves room for skew. */
const LIFETIME_MINUTES = 10_080 - 60;
/** Renewed when they expire within two days, so a daily run that fails once still renews in time. */
const RENEW_WITHIN_MS = 2 * 24 * 60 * MINUTE;

export interface EnsureSubscriptionsPorts {
  graph: Pick<IncrementalGraph, "manageSubscriptions">;
  store: Pick<
    IncrementalStorePort,
    "loadDirectory" | "listSubscriptions" | "saveSubscriptions" | "deleteSubscriptions"
  >;
  clock: Clock;
  notificationUrl: string;
  clientState: string;
  exclusions?: PairExclusions;
}

export interface EnsureSubscriptionsResult {
  created: number;
  renewed: number;
  deleted: number;
  /** Mailboxes whose subscription Graph refused, with why; their managers are read in full by every scan. */
  failed: string[];
}

/**
 * The managers are those of the directory the last scan stored, with a pair the policy applies to and a
 * mailbox. Before a first scan there is no directory and nothing to do.
 */
export async function ensureSubscriptions(
  ports: EnsureSubscriptionsPorts,
  /** Mailboxes whose subscription Graph asked to reauthorize: renewed now, whatever their expiry. */
  request: { reauthorize?: readonly string[] } = {},
): Promise<EnsureSubscriptionsResult> {
  const reauthorize = new Set((request.reauthorize ?? []).map((m) => m.toLowerCase()));
  const result: EnsureSubscriptionsResult = { created: 0, renewed: 0, deleted: 0, failed: [] };
  const directory = await ports.store.loadDirectory();
  if (!directory) return result;
  const now = ports.clock.now().getTime();
  const byId = new Map(directory.users.map((u) => [u.id.toLowerCase(), u]));
  const wanted = new Set(
    pairsFromDirectory(directory.users, ports.exclusions)
      .filter((p) => !p.exclusion && p.managerMail && p.reportMail)
      .map((p) => p.managerId.toLowerCase()),
  );
  const existing = new Map<string, SubscriptionRecord>();
  for (const s of await ports.store.listSubscriptions()) existing.set(s.mailbox.toLowerCase(), s);

  const expiration = new Date(now + LIFETIME_MINUTES * MINUTE);
  const changes: SubscriptionChange[] = [];
  for (const id of [...wanted].sort()) {
    const mailbox = byId.get(id)!.id;
    const current = existing.get(id);
    const lapsed = current && Date.parse(current.expirationDateTime) <= now;
    if (!current || lapsed) {
      changes.push({
        kind: "create",
        key: mailbox,
        resource: `users/${mailbox}/events`,
        changeType: "created,updated,deleted",
        notificationUrl: ports.notificationUrl,
        clientState: ports.clientState,
        expirationDateTime: expiration,
        // The same endpoint takes both kinds (Graph allows it); its handshake answers for both URLs.
        lifecycleNotificationUrl: ports.notificationUrl,
      });
    } else if (reauthorize.has(id) || Date.parse(current.expirationDateTime) - now <= RENEW_WITHIN_MS) {
      // A renewal also answers a reauthorization challenge (PATCH reauthorizes and extends at once).
      changes.push({
        kind: "renew",
        key: mailbox,
        subscriptionId: current.subscriptionId,
        expirationDateTime: expiration,
      });
    }
  }
  for (const [id, s] of existing) {
    if (!wanted.has(id)) changes.push({ kind: "delete", key: s.mailbox, subscriptionId: s.subscriptionId });
  }
  if (changes.length === 0) return result;

  const answers = await ports.graph.manageSubscriptions(changes);
  const saved: SubscriptionRecord[] = [];
  const removed: string[] = [];
  for (const change of changes) {
    const answer = answers.get(change.key);
    if (!answer?.ok) {
      // A renewal Graph no longer knows (the subscription expired or was removed) is created anew next run.
      if (change.kind === "renew" && answer?.error.code === "GRAPH.NOT_FOUND") removed.push(change.key);
      result.failed.push(`${change.key}: ${change.kind} ${answer ? answer.error.code : "unanswered"}`);
      continue;
    }
    if (change.kind === "delete") {
      removed.push(change.key);
      result.deleted++;
    } else if (answer.value) {
      saved.push({
        mailbox: change.key,
        subscriptionId: answer.value.id,
        expirationDateTime: answer.value.expirationDateTime,
      });
      result[change.kind === "create" ? "created" : "renewed"]++;
    }
  }
  if (saved.length > 0) await ports.store.saveSubscriptions(saved);
  if (removed.length > 0) await ports.store.deleteSubscriptions(removed);
  return result;
}
